/**
 * `docker import --change`: Dockerfile instructions applied to the imported
 * image's config. The Engine (API 1.41) accepts CMD, ENTRYPOINT, ENV,
 * EXPOSE, LABEL, ONBUILD, USER, VOLUME and WORKDIR, with the Dockerfile's
 * forms: JSON or shell form for CMD/ENTRYPOINT (shell form runs under
 * `/bin/sh -c`), `key=value` pairs or the legacy `key value` for ENV/LABEL.
 */
import { EngineApiError } from '../../ports.js';

export interface ImportedConfig {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  OnBuild?: string[];
}

const KEYWORDS = [
  'cmd',
  'entrypoint',
  'env',
  'expose',
  'label',
  'onbuild',
  'user',
  'volume',
  'workdir',
] as const;

/** Splits on blanks, honouring '…', "…" and backslash escapes, and drops the quotes. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && index + 1 < text.length) {
        index += 1;
        current += text[index];
      } else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < text.length) {
      index += 1;
      current += text[index];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new EngineApiError(400, `unterminated quote in: ${text}`);
  if (inWord) words.push(current);
  return words;
}

function jsonArray(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

/** ENV and LABEL: `a=b c="d e"`, or the legacy single pair `key the rest`. */
function pairs(keyword: string, rest: string): Array<[string, string]> {
  const words = splitWords(rest);
  if (words.length === 0)
    throw new EngineApiError(400, `${keyword} requires at least one argument`);
  if (!(words[0] as string).includes('=')) {
    const legacy = /^(\S+)\s+([\s\S]*)$/.exec(rest.trim());
    if (legacy === null)
      throw new EngineApiError(400, `${keyword} requires at least two arguments`);
    return [[legacy[1] as string, splitWords(legacy[2] as string).join(' ')]];
  }
  return words.map((word) => {
    const equals = word.indexOf('=');
    if (equals <= 0) {
      throw new EngineApiError(400, `${keyword} names can not be blank and need a value: ${word}`);
    }
    return [word.slice(0, equals), word.slice(equals + 1)];
  });
}

function exposed(rest: string): string[] {
  const ports: string[] = [];
  for (const word of splitWords(rest)) {
    const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(word);
    if (match === null) throw new EngineApiError(400, `invalid containerPort: ${word}`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    const protocol = (match[3] ?? 'tcp').toLowerCase();
    if (last < first || last > 65535) throw new EngineApiError(400, `invalid port range: ${word}`);
    for (let port = first; port <= last; port += 1) ports.push(`${port}/${protocol}`);
  }
  return ports;
}

/** The config of an imported image after `changes`, in order. */
export function applyChanges(changes: readonly string[]): ImportedConfig {
  const config: ImportedConfig = {};
  for (const change of changes) {
    const trimmed = change.trim();
    if (trimmed === '') continue;
    const space = trimmed.search(/\s/);
    const word = space < 0 ? trimmed : trimmed.slice(0, space);
    const rest = space < 0 ? '' : trimmed.slice(space + 1).trim();
    const keyword = word.toLowerCase();
    if (!(KEYWORDS as readonly string[]).includes(keyword)) {
      throw new EngineApiError(400, `${keyword} is not a valid change command`);
    }
    const upper = word.toUpperCase();
    const required = () => {
      if (rest === '') throw new EngineApiError(400, `${upper} requires at least one argument`);
    };
    switch (keyword as (typeof KEYWORDS)[number]) {
      case 'cmd':
      case 'entrypoint': {
        const args = jsonArray(rest) ?? (rest === '' ? [] : ['/bin/sh', '-c', rest]);
        if (keyword === 'cmd') config.Cmd = args;
        else config.Entrypoint = args;
        break;
      }
      case 'env':
        for (const [key, value] of pairs(upper, rest)) {
          config.Env = [
            ...(config.Env ?? []).filter((item) => !item.startsWith(`${key}=`)),
            `${key}=${value}`,
          ];
        }
        break;
      case 'label':
        config.Labels = { ...config.Labels, ...Object.fromEntries(pairs(upper, rest)) };
        break;
      case 'expose':
        required();
        for (const port of exposed(rest))
          config.ExposedPorts = { ...config.ExposedPorts, [port]: {} };
        break;
      case 'volume': {
        required();
        const paths = jsonArray(rest) ?? splitWords(rest);
        for (const path of paths) config.Volumes = { ...config.Volumes, [path]: {} };
        break;
      }
      case 'onbuild':
        required();
        config.OnBuild = [...(config.OnBuild ?? []), rest];
        break;
      case 'user':
        required();
        config.User = rest;
        break;
      case 'workdir':
        required();
        config.WorkingDir = rest.startsWith('/')
          ? rest
          : `${config.WorkingDir ?? ''}/${rest}`.replace(/\/+/g, '/');
        break;
    }
  }
  return config;
}
