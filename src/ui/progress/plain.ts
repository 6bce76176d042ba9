/**
 * Plain progress for logs (CI, pipes): one line per event, in the style of
 * `docker compose --progress plain` — `Container demo-web-1  Created` —
 * except the layers of a pull or push (see `PlainProgress`).
 * A failed action's line says `Error`; its message is printed once, in the
 * summary at the end, so a log shows each root cause exactly once.
 * Statuses are coloured only when the caller says so (`--ansi`, `NO_COLOR`).
 */
import type { ApplyResult, ExecutorEvent } from '../../executor/types.js';
import { counter, describeAction, resourceLabel } from './describe.js';
import { applyLayerUpdate, isLayerDone, layerTotals, type Layers } from './layers.js';
import { paintStatus, warningPrefix } from './status-style.js';
import { failureSummary } from './summary.js';
import type { ProgressRenderer, ProgressStreams } from './types.js';

/** An options object rather than a boolean, so `events.map(plainLine)` cannot pass an index as a flag. */
export interface PlainLineOptions {
  readonly colour?: boolean;
}

export function plainLine(event: ExecutorEvent, options: PlainLineOptions = {}): string {
  const colour = options.colour === true;
  if (event.type === 'warning') return `${warningPrefix(colour)}: ${event.message}`;
  const description = describeAction(event.action);
  const label = resourceLabel(description);
  switch (event.type) {
    case 'action.start':
      return `${label}  ${description.working}`;
    case 'action.progress':
      return `${label}  ${event.message}${counter(event.current, event.total)}`;
    case 'action.done':
      return `${label}  ${paintStatus(colour, 'done', event.status ?? description.done)}`;
    case 'action.fail':
      return `${label}  ${paintStatus(colour, 'error', 'Error')}`;
    case 'action.skip':
      return `${label}  ${paintStatus(colour, 'skipped', 'Skipped')}: ${event.reason}`;
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A pull or push in flight: its layers, and the last quarter of them reported done. */
interface ImageLayers {
  readonly layers: Layers;
  readonly reported: number;
}

/** What the plain renderer remembers between events, by resource label. */
export type PlainProgress = ReadonlyMap<string, ImageLayers>;

/**
 * The lines one event prints, and what to remember. A pull or push prints its
 * start and end lines, the engine's messages about the whole image (`Digest:
 * sha256:…`, a push's `latest: digest: … size: …`, which a log should keep)
 * and, instead of its per-layer events (a dozen per layer and second), a line
 * when a layer's completion makes a quarter, half or three quarters of them complete
 * (`Image app:1  Pulling 4/8 layers`): a sign of life for CI runners that
 * stop a job after minutes without output, at most three lines per image.
 * Layers, not bytes: the engine names every layer as a pull or push begins,
 * but tells a layer's size only when its transfer starts, so a byte
 * percentage would jump back as sizes become known; layers complete only
 * ever add up.
 */
export function plainStep(
  state: PlainProgress,
  event: ExecutorEvent,
  options: PlainLineOptions = {},
): { readonly state: PlainProgress; readonly lines: readonly string[] } {
  if (event.type === 'warning') return { state, lines: [plainLine(event, options)] };
  const description = describeAction(event.action);
  const label = resourceLabel(description);
  if (event.type === 'action.progress') {
    if (event.layer !== undefined)
      return layerStep(state, `${label}  ${description.working}`, label, event.layer, event);
    // A message without text (a push's final `aux` record): no line of nothing.
    if (event.message === '' && event.current === undefined) return { state, lines: [] };
    return { state, lines: [plainLine(event, options)] };
  }
  const lines = [plainLine(event, options)];
  if (!state.has(label)) return { state, lines };
  // A new action of the image counts afresh; a finished one needs nothing kept.
  const next = new Map(state);
  next.delete(label);
  return { state: next, lines };
}

function layerStep(
  state: PlainProgress,
  prefix: string,
  label: string,
  layer: string,
  event: { readonly message: string; readonly current?: number; readonly total?: number },
): { readonly state: PlainProgress; readonly lines: readonly string[] } {
  const before = state.get(label) ?? { layers: [], reported: 0 };
  const layers = applyLayerUpdate(before.layers, {
    layer,
    message: event.message,
    ...(event.current !== undefined ? { current: event.current } : {}),
    ...(event.total !== undefined ? { total: event.total } : {}),
  });
  const { done, count } = layerTotals(layers);
  const quarter = Math.floor((done * 4) / count);
  // Only a layer completing now counts: layers that already exist are named
  // while the rest are still being announced, when the count means little.
  // All layers complete is said by the end line (`Pulled`) that follows.
  const completed = finished(layers, layer) && !finished(before.layers, layer);
  const report = completed && quarter > before.reported && quarter < 4;
  const next = new Map(state);
  next.set(label, { layers, reported: report ? quarter : before.reported });
  return { state: next, lines: report ? [`${prefix} ${done}/${count} layers`] : [] };
}

function finished(layers: Layers, id: string): boolean {
  const layer = layers.find((candidate) => candidate.id === id);
  return layer !== undefined && isLayerDone(layer);
}

export function plainRenderer(streams: ProgressStreams, colour = false): ProgressRenderer {
  let state: PlainProgress = new Map();
  return {
    event: (event) => {
      const step = plainStep(state, event, { colour });
      state = step.state;
      for (const line of step.lines) streams.out(`${line}\n`);
    },
    finish: (result: ApplyResult) => {
      const summary = failureSummary(result, colour);
      if (summary) streams.err(summary);
    },
  };
}
