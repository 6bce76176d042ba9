/**
 * Value formats of the Compose file (§14 of the loader rules): durations, byte
 * sizes, file modes, restart policies. Parsers throw `FormatError`, whose
 * message is user-facing; callers attach the key path and turn it into a
 * diagnostic.
 */

export class FormatError extends Error {
  override readonly name = 'FormatError';
}

const NANOS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  // compose-go's duration parser also knows days and weeks.
  d: 86_400e9,
  w: 604_800e9,
};

// `µ` (micro sign and Greek mu) as escapes: regular expression literals reach
// the bundle as written, and scripts/bundle.mjs keeps the bundle ASCII-only.
const DURATION_PART = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h|d|w)/;

/** Parses a Go-style duration (`1m30s`, `1.5s`, `0`) into nanoseconds. */
export function parseDuration(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') throw new FormatError(`invalid duration ${JSON.stringify(value)}`);
  let rest = text.trim();
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1;
    rest = rest.slice(1);
  }
  // A bare number is only accepted for zero, as Go's time.ParseDuration does.
  if (rest === '0') return 0;
  if (rest === '') throw new FormatError(`invalid duration "${text}"`);
  let total = 0;
  while (rest !== '') {
    const match = DURATION_PART.exec(rest);
    if (!match) {
      const reason = /^[\d.]+$/.test(rest) ? 'missing unit in duration' : 'invalid duration';
      throw new FormatError(`${reason} "${text}"`);
    }
    total += Number(match[1]) * NANOS_PER_UNIT[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  return sign * Math.round(total);
}

const GO_SUB_SECOND_UNITS: readonly [number, string][] = [
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

/** Trims trailing zeros of a fraction: 1.500 → "1.5", 2.000 → "2". */
function decimal(whole: number, fraction: number, fractionDigits: number): string {
  if (fraction === 0) return String(whole);
  const digits = String(fraction).padStart(fractionDigits, '0').replace(/0+$/, '');
  return `${whole}.${digits}`;
}

/** Formats nanoseconds the way Go's `time.Duration.String` does (`1m30s`, `1.5s`, `500ms`, `0s`). */
export function formatDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return '0s';
  const sign = nanoseconds < 0 ? '-' : '';
  const ns = Math.abs(Math.round(nanoseconds));
  if (ns < 1e9) {
    for (const [size, unit] of GO_SUB_SECOND_UNITS) {
      if (ns >= size) {
        const digits = Math.log10(size);
        return `${sign}${decimal(Math.floor(ns / size), ns % size, digits)}${unit}`;
      }
    }
  }
  const hours = Math.floor(ns / 3600e9);
  const minutes = Math.floor((ns % 3600e9) / 60e9);
  const secondsNs = ns % 60e9;
  const seconds = decimal(Math.floor(secondsNs / 1e9), secondsNs % 1e9, 9);
  // Go prints the larger units once present, even when zero: 1h0m0s.
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

const BYTES_PER_UNIT: Readonly<Record<string, number>> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

const BYTE_SIZE = /^(\d+(?:\.\d+)*) ?([kmgtp])?i?b?$/i;

/** Parses a byte size (`640kb`, `2gb`, `1.5g`, `1024`, `-1` = unlimited) into bytes (powers of 1024). */
export function parseByteSize(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new FormatError(`invalid size ${value}`);
    return value;
  }
  if (typeof value !== 'string') throw new FormatError(`invalid size ${JSON.stringify(value)}`);
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  const match = BYTE_SIZE.exec(text);
  if (!match) throw new FormatError(`invalid size "${value}"`);
  const amount = Number(match[1]);
  if (Number.isNaN(amount)) throw new FormatError(`invalid size "${value}"`);
  const unit = (match[2] ?? '').toLowerCase();
  return Math.floor(amount * BYTES_PER_UNIT[unit]!);
}

/**
 * Parses a file mode. A YAML integer is taken as is (YAML 1.1 already read `0440`
 * as octal); a string is always octal, so `"440"` and `"0440"` are both 0o440.
 */
export function parseFileMode(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^[0-7]+$/.test(value.trim())) return parseInt(value.trim(), 8);
  throw new FormatError(`invalid file mode ${JSON.stringify(value)}`);
}

/** Formats a mode as compose prints it: a leading zero then octal digits (`0440`). */
export function formatFileMode(mode: number): string {
  return `0${mode.toString(8)}`;
}

export type RestartPolicyName = 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface RestartPolicy {
  readonly name: RestartPolicyName;
  /** Only for `on-failure:N`. */
  readonly maxRetries?: number;
}

/** Parses `no | always | on-failure[:N] | unless-stopped`. */
export function parseRestartPolicy(value: string): RestartPolicy {
  const [name, retries, extra] = value.split(':');
  if (extra === undefined) {
    if (
      (name === 'no' || name === 'always' || name === 'unless-stopped') &&
      retries === undefined
    ) {
      return { name };
    }
    if (name === 'on-failure') {
      if (retries === undefined) return { name };
      if (/^\d+$/.test(retries)) return { name, maxRetries: Number(retries) };
    }
  }
  throw new FormatError(`invalid restart policy "${value}"`);
}

const PULL_POLICY = /^(always|never|missing|if_not_present|build|daily|weekly|every_.+)$/;

/** Checks a pull policy, including the duration of `every_<duration>`. */
export function parsePullPolicy(value: string): string {
  if (!PULL_POLICY.test(value)) throw new FormatError(`invalid pull policy "${value}"`);
  if (value.startsWith('every_')) parseDuration(value.slice('every_'.length));
  return value;
}
