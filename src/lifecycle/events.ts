/**
 * `events [SERVICE...]`: the engine's container events for the project, shaped
 * as compose shapes them (`pkg/compose/events.go`): container events only, one-off
 * containers left out, the `com.docker.compose.*` labels dropped from the
 * attributes; `--json` prints one object per line (keys sorted, as Go marshals a map).
 */
import { Label, type Engine, type EngineEvent } from '../engine/types.js';

export interface ComposeEvent {
  /** Nanoseconds since the epoch. */
  readonly timeNano: number;
  readonly type: 'container';
  readonly action: string;
  /** The container id. */
  readonly id: string;
  readonly service: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface EventsOptions {
  readonly services: readonly string[];
  /** Unix seconds. */
  readonly since?: number;
  readonly until?: number;
  readonly signal: AbortSignal;
}

export function toComposeEvent(
  event: EngineEvent,
  services: readonly string[],
): ComposeEvent | undefined {
  if (event.type !== 'container') return undefined;
  if (event.attributes[Label.oneoff] === 'True') return undefined;
  const service = event.attributes[Label.service] ?? '';
  if (services.length > 0 && !services.includes(service)) return undefined;
  const attributes = Object.fromEntries(
    Object.entries(event.attributes)
      .filter(([key]) => !key.startsWith('com.docker.compose.'))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return {
    timeNano: event.timeNano,
    type: 'container',
    action: event.action,
    id: event.id,
    service,
    attributes,
  };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Go's RFC 3339 with nanoseconds (trailing zeros dropped), in UTC: how compose's JSON shows a time. */
export function rfc3339Nano(timeNano: number): string {
  const nanos = BigInt(Math.round(timeNano));
  const seconds = Number(nanos / 1_000_000_000n);
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  const date = new Date(seconds * 1000);
  const base = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${base}${fraction === '' ? '' : `.${fraction}`}Z`;
}

/** `--json`: `{"action","attributes","id","service","time","type"}`. */
export function eventJson(event: ComposeEvent): string {
  return JSON.stringify({
    action: event.action,
    attributes: event.attributes,
    id: event.id,
    service: event.service,
    time: rfc3339Nano(event.timeNano),
    type: event.type,
  });
}

/** `2024-05-01 12:00:00.123456 container start <id> (image=busybox, name=p-web-1)`, local time. */
export function eventLine(event: ComposeEvent): string {
  const date = new Date(Math.floor(event.timeNano / 1e6));
  const micros = pad(Math.floor(event.timeNano / 1e3) % 1_000_000, 6);
  const time = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${micros}`;
  const attributes = Object.entries(event.attributes)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  return `${time} container ${event.action} ${event.id} (${attributes})`;
}

/** The project's events until `signal` aborts (or `until` passes). */
export async function* projectEvents(
  engine: Engine,
  projectName: string,
  options: EventsOptions,
): AsyncGenerator<ComposeEvent> {
  const filter = {
    project: projectName,
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
  };
  for await (const event of engine.events(filter, options.signal)) {
    const shaped = toComposeEvent(event, options.services);
    if (shaped) yield shaped;
  }
}
