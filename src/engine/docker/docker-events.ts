/**
 * The engine's event stream as an async iterable of port events. The stream is
 * newline-delimited JSON that may split or merge objects across chunks, so it is
 * line-split before parsing; aborting the signal ends the iteration cleanly.
 */
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { EngineEvent } from '../types.js';
import { jsonLines } from './docker-streams.js';
import { labelFilters } from './docker-filters.js';

export function toEngineEvent(message: Record<string, unknown>): EngineEvent | undefined {
  const type = message['Type'];
  const action = message['Action'];
  if (typeof type !== 'string' || typeof action !== 'string') return undefined;
  const actor = (message['Actor'] ?? {}) as { ID?: unknown; Attributes?: Record<string, string> };
  const timeNano = typeof message['timeNano'] === 'number' ? message['timeNano'] : 0;
  return {
    type,
    action,
    id: typeof actor.ID === 'string' ? actor.ID : '',
    attributes: actor.Attributes ?? {},
    timeNano,
  };
}

export async function* streamEvents(
  docker: Dockerode,
  filter: { readonly project?: string; readonly since?: number; readonly until?: number },
  signal: AbortSignal,
): AsyncGenerator<EngineEvent> {
  if (signal.aborted) return;
  const label = labelFilters(filter.project);
  // `_query` keeps the signal itself out of the query string.
  const stream = (await docker.getEvents({
    _query: {
      ...(filter.since !== undefined ? { since: filter.since } : {}),
      ...(filter.until !== undefined ? { until: filter.until } : {}),
      ...(label.length > 0 ? { filters: { label } } : {}),
    },
    abortSignal: signal,
  } as Parameters<Dockerode['getEvents']>[0])) as Readable;
  // Aborted while the engine was answering: the listener below would never fire.
  if (signal.aborted) {
    stream.destroy();
    return;
  }
  const stop = () => stream.destroy();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const message of jsonLines(stream)) {
      const event = toEngineEvent(message);
      if (event) yield event;
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener('abort', stop);
    stream.destroy();
  }
}
