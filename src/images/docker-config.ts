/**
 * The Docker CLI's config file, read the way the CLI reads it
 * (github.com/docker/cli cli/config): `$DOCKER_CONFIG/config.json`, else
 * `~/.docker/config.json`. A missing file is an empty config (anonymous
 * pulls); an unreadable or malformed one is a warning and an empty config,
 * as the CLI does ("WARNING: Error loading config file").
 *
 * Warnings never quote the file's content: a JSON parser's message can echo
 * a slice of the text, and that slice can be a credential.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** One `auths` entry as written (`auth` is base64 of `user:password`). */
export interface AuthEntry {
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
}

export interface DockerConfig {
  /** The file read (or that would have been read). */
  readonly file: string;
  readonly auths: Readonly<Record<string, AuthEntry>>;
  readonly credsStore?: string;
  readonly credHelpers: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
}

export type ReadText = (file: string) => Promise<string | undefined>;

/** The directory the CLI uses: `DOCKER_CONFIG`, else `$HOME/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  if (env['DOCKER_CONFIG']) return env['DOCKER_CONFIG'];
  return join(env['HOME'] || homedir(), '.docker');
}

const readIfExists: ReadText = async (file) => {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** "line 3, column 7" from V8's "... at position 42", when it says so. */
function positionOf(text: string, error: unknown): string {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!match) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringsOnly(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

function authEntries(value: unknown): Record<string, AuthEntry> {
  if (!isRecord(value)) return {};
  const entries: Record<string, AuthEntry> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (isRecord(entry)) entries[key] = stringsOnly(entry);
  }
  return entries;
}

/** Turns the file's text into a config; pure. */
export function parseDockerConfig(file: string, text: string | undefined): DockerConfig {
  const empty = { file, auths: {}, credHelpers: {} };
  if (text === undefined || text.trim() === '') return { ...empty, warnings: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      ...empty,
      warnings: [`${file} is not valid JSON${positionOf(text, error)}; using no credentials`],
    };
  }
  if (!isRecord(raw)) {
    return { ...empty, warnings: [`${file} is not a JSON object; using no credentials`] };
  }
  const credsStore = typeof raw['credsStore'] === 'string' ? raw['credsStore'] : undefined;
  return {
    file,
    auths: authEntries(raw['auths']),
    ...(credsStore ? { credsStore } : {}),
    credHelpers: stringsOnly(raw['credHelpers']),
    warnings: [],
  };
}

/** Reads the config the environment points at. */
export async function loadDockerConfig(
  env: NodeJS.ProcessEnv,
  readText: ReadText = readIfExists,
): Promise<DockerConfig> {
  const file = join(dockerConfigDir(env), 'config.json');
  let text: string | undefined;
  try {
    text = await readText(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return {
      file,
      auths: {},
      credHelpers: {},
      warnings: [`cannot read ${file} (${code}); using no credentials`],
    };
  }
  return parseDockerConfig(file, text);
}
