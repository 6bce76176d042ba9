/**
 * A container's Healthcheck (Docker's HealthConfig, durations in ns) turned
 * into what the monitor runs: `CMD` args as given, `CMD-SHELL` through
 * `/bin/sh -c`, `NONE` (or no test) = no healthcheck. Zero durations take
 * Docker's defaults: interval 30 s, timeout 30 s, start period 0, 3 retries.
 */
import type Dockerode from 'dockerode';

export const DEFAULT_INTERVAL_MS = 30_000;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 3;

export interface ProbeConfig {
  readonly args: readonly string[];
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly startPeriodMs: number;
  readonly retries: number;
}

function ms(ns: number | undefined, fallback: number): number {
  return ns !== undefined && ns > 0 ? Math.max(1, Math.round(ns / 1_000_000)) : fallback;
}

export function probeConfig(
  health: Dockerode.HealthConfig | undefined | null,
): ProbeConfig | undefined {
  const test = health?.Test ?? [];
  const [kind, ...rest] = test;
  let args: string[];
  switch (kind) {
    case 'CMD':
      args = rest;
      break;
    case 'CMD-SHELL':
      args = ['/bin/sh', '-c', rest.join(' ')];
      break;
    default:
      // 'NONE', empty, or unknown: no healthcheck (Docker refuses unknown kinds at probe time).
      return undefined;
  }
  if (args.length === 0) return undefined;
  return {
    args,
    intervalMs: ms(health?.Interval, DEFAULT_INTERVAL_MS),
    timeoutMs: ms(health?.Timeout, DEFAULT_TIMEOUT_MS),
    startPeriodMs: ms(health?.StartPeriod, 0),
    retries: health?.Retries !== undefined && health.Retries > 0 ? health.Retries : DEFAULT_RETRIES,
  };
}
