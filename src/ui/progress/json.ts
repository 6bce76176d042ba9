/**
 * `--progress json`: NDJSON, one object per event and one `result` object at
 * the end, on stdout. A stable contract for tools, documented in
 * docs/progress-json.md: fields are only ever added, never renamed or removed.
 * Container specs are never printed (they hold environment values).
 */
import type { ApplyResult, ExecutorEvent } from '../../executor/types.js';
import { describeAction } from './describe.js';
import type { ProgressRenderer, ProgressStreams } from './types.js';

/** Version of the line format; bumped only for an incompatible change. */
export const PROGRESS_JSON_VERSION = 1;

export type ProgressJsonLine = Readonly<Record<string, unknown>>;

export function eventToJson(event: ExecutorEvent, time: number): ProgressJsonLine {
  if (event.type === 'warning')
    return { v: PROGRESS_JSON_VERSION, time, type: 'warning', message: event.message };
  const action = event.action;
  const description = describeAction(action);
  const base = {
    v: PROGRESS_JSON_VERSION,
    time,
    type: event.type,
    id: action.id,
    action: action.type,
    resource: { kind: description.kind.toLowerCase(), name: description.name },
    ...(description.service !== undefined ? { service: description.service } : {}),
  };
  switch (event.type) {
    case 'action.start':
      return { ...base, status: description.working, reason: action.reason };
    case 'action.progress':
      return {
        ...base,
        message: event.message,
        ...(event.layer !== undefined ? { layer: event.layer } : {}),
        ...(event.current !== undefined ? { current: event.current } : {}),
        ...(event.total !== undefined ? { total: event.total } : {}),
      };
    case 'action.done':
      return { ...base, status: event.status ?? description.done, durationMs: event.durationMs };
    case 'action.fail':
      return { ...base, status: 'Error', error: errorToJson(event.error) };
    case 'action.skip':
      return { ...base, status: 'Skipped', cause: event.cause, reason: event.reason };
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

export function resultToJson(result: ApplyResult, time: number): ProgressJsonLine {
  return {
    v: PROGRESS_JSON_VERSION,
    time,
    type: 'result',
    ok: result.ok,
    done: result.done,
    failed: result.failed.map(({ id, error }) => ({ id, error: errorToJson(error) })),
    skipped: result.skipped,
  };
}

function errorToJson(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return { message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

export function jsonRenderer(
  streams: ProgressStreams,
  now: () => number = Date.now,
): ProgressRenderer {
  const write = (line: ProgressJsonLine) => streams.out(`${JSON.stringify(line)}\n`);
  return {
    event: (event) => write(eventToJson(event, now())),
    finish: (result) => write(resultToJson(result, now())),
  };
}
