/**
 * The daemon's event stream (`GET /events`): every publisher (containers,
 * networks, volumes, images) publishes here; a bounded history (Docker keeps
 * 256) serves `since`/`until`, and live subscribers get events as they come.
 * A slow subscriber buffers in its own queue; it never blocks a publisher.
 */
import type { ApiFilters, EngineEvent } from '../../ports.js';
import { eventMatches, validateEventFilters } from './filters.js';

const HISTORY = 256;

export interface EventActor {
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
}

type Subscriber = (event: EngineEvent) => void;

export class EventBus {
  private readonly history: EngineEvent[] = [];
  private readonly subscribers = new Set<Subscriber>();

  constructor(private readonly limit = HISTORY) {}

  /** Builds the Engine-shaped event (with the legacy status/id/from fields for containers) and publishes it. */
  emit(type: EngineEvent['Type'], action: string, actor: EventActor): EngineEvent {
    const nowMs = Date.now();
    const event: EngineEvent = {
      ...(type === 'container' || type === 'image'
        ? {
            status: action,
            id: actor.id,
            ...(actor.attributes.image !== undefined ? { from: actor.attributes.image } : {}),
          }
        : {}),
      Type: type,
      Action: action,
      Actor: { ID: actor.id, Attributes: { ...actor.attributes } },
      scope: 'local',
      time: Math.floor(nowMs / 1000),
      timeNano: nowMs * 1_000_000,
    };
    this.publish(event);
    return event;
  }

  publish(event: EngineEvent): void {
    this.history.push(event);
    if (this.history.length > this.limit) this.history.shift();
    for (const subscriber of this.subscribers) subscriber(event);
  }

  /** A live listener (inside the daemon); returns the unsubscribe function. */
  subscribe(listener: Subscriber): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  /**
   * Past events within [since, until] (seconds, fractional allowed) when either
   * is given, then live events until `until` passes or `signal` aborts.
   */
  async *stream(
    query: { since?: number; until?: number; filters: ApiFilters },
    signal: AbortSignal,
  ): AsyncIterable<EngineEvent> {
    validateEventFilters(query.filters);
    const sinceMs = query.since !== undefined && query.since > 0 ? query.since * 1000 : undefined;
    const untilMs = query.until !== undefined && query.until > 0 ? query.until * 1000 : undefined;
    const inRange = (event: EngineEvent): boolean => {
      const ms = event.timeNano / 1_000_000;
      return (sinceMs === undefined || ms >= sinceMs) && (untilMs === undefined || ms <= untilMs);
    };
    const queue: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    let over = false;
    const finish = (): void => {
      over = true;
      wake?.();
    };
    const unsubscribe = this.subscribe((event) => {
      if (!eventMatches(event, query.filters) || !inRange(event)) return;
      queue.push(event);
      wake?.();
    });
    signal.addEventListener('abort', finish, { once: true });
    let timer: NodeJS.Timeout | undefined;
    try {
      const past =
        sinceMs !== undefined || untilMs !== undefined
          ? this.history.filter((event) => inRange(event) && eventMatches(event, query.filters))
          : [];
      for (const event of past) yield event;
      if (untilMs !== undefined) {
        const left = untilMs - Date.now();
        if (left <= 0) return;
        timer = setTimeout(finish, left);
      }
      while (!signal.aborted) {
        const next = queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (over) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener('abort', finish);
    }
  }
}
