import type { KeyPath } from '../key-path.js';
import { PathTrie } from '../path-trie.js';

/**
 * Typed casts applied after substitution (rules §4, compose-go's interpolation cast
 * table): a string found at one of these paths becomes a number or a boolean, so that
 * `init: "${INIT}"` or `ports: [{target: "${PORT}"}]` validate as the schema expects.
 * Pattern segments: `*` = any key or index, `[]` = any list index.
 */

export type CastResult =
  | { readonly ok: true; readonly value: number | boolean; readonly warning?: string }
  | { readonly ok: false; readonly reason: string };

export type Cast = (text: string) => CastResult;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FLOAT32_MAX = 3.4028234663852886e38;

/** Go's `strconv.Atoi` / `ParseInt(s, 10, 64)`: optional sign, decimal digits only. */
function integerCast(goFunction: string): Cast {
  return (text) => {
    if (!/^[+-]?[0-9]+$/.test(text)) {
      return {
        ok: false,
        reason: `${goFunction}: parsing ${JSON.stringify(text)}: invalid syntax`,
      };
    }
    const big = BigInt(text);
    if (big < INT64_MIN || big > INT64_MAX) {
      return {
        ok: false,
        reason: `${goFunction}: parsing ${JSON.stringify(text)}: value out of range`,
      };
    }
    return { ok: true, value: Number(big) };
  };
}

const DECIMAL_FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^[+-]?(?:inf|infinity|nan)$/i;

/** Go's `strconv.ParseFloat` for decimal, `inf` and `nan` spellings (hex floats are not accepted). */
function floatCast(bits: 32 | 64): Cast {
  return (text) => {
    const invalid = {
      ok: false,
      reason: `strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`,
    } as const;
    if (SPECIAL_FLOAT.test(text)) {
      const lower = text.toLowerCase();
      if (lower.endsWith('nan'))
        return lower.startsWith('+') || lower.startsWith('-') ? invalid : { ok: true, value: NaN };
      return { ok: true, value: lower.startsWith('-') ? -Infinity : Infinity };
    }
    if (!DECIMAL_FLOAT.test(text)) return invalid;
    const value = Number(text);
    const limit = bits === 32 ? FLOAT32_MAX : Number.MAX_VALUE;
    if (!Number.isFinite(value) || Math.abs(value) > limit) {
      return {
        ok: false,
        reason: `strconv.ParseFloat: parsing ${JSON.stringify(text)}: value out of range`,
      };
    }
    return { ok: true, value };
  };
}

/** YAML 1.1 spellings are still accepted, with a warning, as compose does. */
const booleanCast: Cast = (text) => {
  const lower = text.toLowerCase();
  if (lower === 'true') return { ok: true, value: true };
  if (lower === 'false') return { ok: true, value: false };
  if (lower === 'y' || lower === 'yes' || lower === 'on') {
    return { ok: true, value: true, warning: yaml11Warning(text, true) };
  }
  if (lower === 'n' || lower === 'no' || lower === 'off') {
    return { ok: true, value: false, warning: yaml11Warning(text, false) };
  }
  return { ok: false, reason: `invalid boolean: ${text}` };
};

function yaml11Warning(text: string, value: boolean): string {
  return `${JSON.stringify(text)} for boolean is not supported by YAML 1.2, please use \`${value}\``;
}

const toInt = integerCast('strconv.Atoi');
const toInt64 = integerCast('strconv.ParseInt');
const toFloat = floatCast(64);
const toFloat32 = floatCast(32);

const service = (...rest: string[]): string[] => ['services', '*', ...rest];
const resource = (...rest: string[]): string[] => rest;

const CASTS = new PathTrie<Cast>([
  [service('cpu_count'), toInt64],
  [service('cpu_percent'), toFloat],
  [service('cpu_period'), toInt64],
  [service('cpu_quota'), toInt64],
  [service('cpu_rt_period'), toInt64],
  [service('cpu_rt_runtime'), toInt64],
  [service('cpus'), toFloat32],
  [service('cpu_shares'), toInt64],
  [service('init'), booleanCast],
  [service('depends_on', '*', 'required'), booleanCast],
  [service('depends_on', '*', 'restart'), booleanCast],
  [service('deploy', 'replicas'), toInt],
  [service('deploy', 'update_config', 'parallelism'), toInt],
  [service('deploy', 'update_config', 'max_failure_ratio'), toFloat],
  [service('deploy', 'rollback_config', 'parallelism'), toInt],
  [service('deploy', 'rollback_config', 'max_failure_ratio'), toFloat],
  [service('deploy', 'restart_policy', 'max_attempts'), toInt],
  [service('deploy', 'placement', 'max_replicas_per_node'), toInt],
  [service('healthcheck', 'retries'), toInt],
  [service('healthcheck', 'disable'), booleanCast],
  [service('oom_kill_disable'), booleanCast],
  [service('oom_score_adj'), toInt64],
  [service('pids_limit'), toInt64],
  [service('ports', '[]', 'target'), toInt],
  [service('privileged'), booleanCast],
  [service('read_only'), booleanCast],
  [service('scale'), toInt],
  [service('stdin_open'), booleanCast],
  [service('tty'), booleanCast],
  [service('ulimits', '*'), toInt],
  [service('ulimits', '*', 'hard'), toInt],
  [service('ulimits', '*', 'soft'), toInt],
  [service('volumes', '[]', 'read_only'), booleanCast],
  [service('volumes', '[]', 'volume', 'nocopy'), booleanCast],
  [resource('networks', '*', 'external'), booleanCast],
  [resource('networks', '*', 'internal'), booleanCast],
  [resource('networks', '*', 'attachable'), booleanCast],
  [resource('networks', '*', 'enable_ipv4'), booleanCast],
  [resource('networks', '*', 'enable_ipv6'), booleanCast],
  [resource('volumes', '*', 'external'), booleanCast],
  [resource('secrets', '*', 'external'), booleanCast],
  [resource('configs', '*', 'external'), booleanCast],
]);

/** The cast for a string found at `path`, if that path is typed. */
export function castForPath(path: KeyPath): Cast | undefined {
  return CASTS.find(path);
}

/** Where a walk down a model starts in the table of casts (see `PathTrie.start`). */
export const CAST_ROOT = CASTS.start;
