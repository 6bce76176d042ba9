/**
 * `--since`/`--until` values as Docker accepts them: an RFC3339 date
 * (`2013-01-02T13:23:37Z`, or a date alone), a Unix timestamp (`1700000000`,
 * fractions allowed), or a Go duration relative to now (`42m`, `1h30m`, `1.5h`).
 */
import { ComposeError } from '../spec/diagnostics.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration (`1h30m`, `500ms`, `2.5s`) in milliseconds, or undefined when `text` is not one. */
export function parseGoDuration(text: string): number | undefined {
  const parts = /^(?:\d+(?:\.\d+)?(?:ns|us|\u00b5s|ms|s|m|h))+$/.test(text)
    ? text.matchAll(/(\d+(?:\.\d+)?)(ns|us|\u00b5s|ms|s|m|h)/g)
    : undefined;
  if (parts === undefined) return undefined;
  let total = 0;
  for (const [, amount, unit] of parts) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

/** A `--since`/`--until` value as Unix seconds (fractional), relative durations counted back from `nowMs`. */
export function parseLogTime(flag: string, text: string, nowMs: number): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const duration = parseGoDuration(trimmed);
  if (duration !== undefined) return (nowMs - duration) / 1000;
  const date = Date.parse(trimmed);
  if (!Number.isNaN(date)) return date / 1000;
  throw ComposeError.of({
    code: 'usage.time',
    message: `invalid ${flag} "${text}": expected a timestamp (2013-01-02T13:23:37Z), Unix seconds or a duration (42m)`,
  });
}

/** An engine log timestamp (RFC3339Nano) as Unix seconds; nanoseconds beyond the millisecond are kept. */
export function timestampSeconds(timestamp: string): number | undefined {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
  if (!match) return undefined;
  const whole = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(whole)) return undefined;
  return whole / 1000 + Number(`0.${match[2] ?? '0'}`);
}
