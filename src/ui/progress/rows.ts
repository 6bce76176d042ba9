/**
 * The TTY view's model: one row per resource (`Container demo-web-1`), in the
 * order resources first appear, folded from executor events. A resource can
 * see several actions (create, then start once its dependencies are healthy),
 * so a row goes back to working when another of its actions starts, and its
 * timer runs from the first event to the last, as Docker Compose's does.
 * An image being pulled or pushed also keeps its layers (layers.ts), drawn
 * under it while it works; its details are then the layers' totals.
 * Pure: the time is an input.
 */
import type { ExecutorEvent } from '../../executor/types.js';
import { counter, describeAction, resourceLabel } from './describe.js';
import { applyLayerUpdate, describeTotals, layerTotals, type Layers } from './layers.js';
import type { Outcome } from './status-style.js';

export interface Row {
  /** `Container demo-web-1`: the key of the row and its left column. */
  readonly label: string;
  readonly outcome: Outcome;
  /** Docker Compose's word: `Creating`, `Created`, `Error`, `Skipped`. */
  readonly status: string;
  /** What follows the status: a progress message, an error message, a skip reason. */
  readonly details: string;
  readonly startedAt: number;
  /** When the row last stopped working; absent while it works. */
  readonly endedAt?: number;
  /** Actions of this resource in flight: the row is done only when none is. */
  readonly inFlight: number;
  /** The layers of a pull or push in flight, in the order the engine named them; empty otherwise. */
  readonly layers: Layers;
}

export type Rows = readonly Row[];

type ActionEvent = Exclude<ExecutorEvent, { type: 'warning' }>;

/** The rows after one more event; warnings are not rows and leave them as they are. */
export function applyEvent(rows: Rows, event: ExecutorEvent, now: number): Rows {
  if (event.type === 'warning') return rows;
  const label = resourceLabel(describeAction(event.action));
  const index = rows.findIndex((row) => row.label === label);
  const previous = index === -1 ? undefined : rows[index];
  const next = nextRow(previous, label, event, now);
  if (next === previous) return rows;
  return index === -1 ? [...rows, next] : rows.map((row, i) => (i === index ? next : row));
}

function nextRow(row: Row | undefined, label: string, event: ActionEvent, now: number): Row {
  // An error is the root cause on that line: nothing that follows hides it.
  if (row?.outcome === 'error') return row;
  const current = row ?? {
    label,
    outcome: 'working',
    status: '',
    details: '',
    startedAt: now,
    inFlight: 0,
    layers: [],
  };
  const description = describeAction(event.action);
  switch (event.type) {
    case 'action.start':
      return working(current, description.working);
    case 'action.progress':
      return progressed(current, event);
    case 'action.done':
      return settle(current, 'done', event.status ?? description.done, '', now);
    case 'action.fail':
      return settle(current, 'error', 'Error', firstLine(event.error.message), now);
    case 'action.skip':
      // A skipped action never started: nothing of it was in flight. While
      // another action of the resource still works, that one has the line.
      return current.inFlight > 0
        ? current
        : ended(current, 'skipped', 'Skipped', event.reason, now);
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
}

function working(row: Row, status: string): Row {
  const { endedAt: _ended, ...rest } = row;
  // Layers belong to the action that reported them: a new action starts afresh,
  // unless another one (a second service pulling the same image) is still at it.
  const layers = row.inFlight > 0 ? row.layers : [];
  return { ...rest, outcome: 'working', status, details: '', inFlight: row.inFlight + 1, layers };
}

function progressed(row: Row, event: Extract<ActionEvent, { type: 'action.progress' }>): Row {
  if (event.layer === undefined) {
    const details = `${event.message}${counter(event.current, event.total)}`;
    // A message without text (a push's final `aux` record) says nothing to show.
    return details === '' ? row : { ...row, details };
  }
  const layers = applyLayerUpdate(row.layers, {
    layer: event.layer,
    message: event.message,
    ...(event.current !== undefined ? { current: event.current } : {}),
    ...(event.total !== undefined ? { total: event.total } : {}),
  });
  return { ...row, layers, details: describeTotals(layerTotals(layers)) };
}

/** One action of the row ended; the row stops working when it was the last in flight. */
function settle(row: Row, outcome: Outcome, status: string, details: string, now: number): Row {
  const inFlight = Math.max(0, row.inFlight - 1);
  if (inFlight > 0 && outcome !== 'error') return { ...row, inFlight };
  return ended({ ...row, inFlight }, outcome, status, details, now);
}

/** A row that stopped working keeps one line: its layers go with the action that reported them. */
function ended(row: Row, outcome: Outcome, status: string, details: string, now: number): Row {
  return { ...row, outcome, status, details, endedAt: now, layers: [] };
}

/** Seconds the row has been (or was) working: to now while it works, to its end once done. */
export function elapsedSeconds(row: Row, now: number): number {
  const end = row.outcome === 'working' ? now : (row.endedAt ?? now);
  return Math.max(0, end - row.startedAt) / 1000;
}

/** Rows no longer working, for the `3/4` of the header. */
export function settledCount(rows: Rows): number {
  return rows.filter((row) => row.outcome !== 'working').length;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}
