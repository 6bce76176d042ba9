/**
 * One engine call on many containers at once, for the commands compose runs
 * unordered and in parallel (`kill`, `pause`, `unpause`). These are no plan
 * actions (the planner has none for them), so they report their own small
 * events, rendered in the same `Container demo-web-1  Killed` style.
 */
import type { Engine } from '../engine/types.js';
import type { ServiceContainer } from './containers.js';

export type Operation = 'kill' | 'pause' | 'unpause';

/** The words compose prints while an operation runs and once it is done. */
export const OPERATION_WORDS: Readonly<
  Record<Operation, { readonly working: string; readonly done: string }>
> = {
  kill: { working: 'Killing', done: 'Killed' },
  pause: { working: 'Pausing', done: 'Paused' },
  unpause: { working: 'Unpausing', done: 'Unpaused' },
};

export type OperationEvent =
  | { readonly type: 'start'; readonly operation: Operation; readonly container: ServiceContainer }
  | { readonly type: 'done'; readonly operation: Operation; readonly container: ServiceContainer }
  | {
      readonly type: 'fail';
      readonly operation: Operation;
      readonly container: ServiceContainer;
      readonly error: Error;
    };

export interface OperationResult {
  readonly ok: boolean;
  readonly failed: readonly { readonly container: string; readonly error: Error }[];
}

function call(
  engine: Engine,
  operation: Operation,
  id: string,
  signal: string | undefined,
): Promise<void> {
  switch (operation) {
    case 'kill':
      return engine.killContainer(id, signal ?? 'SIGKILL');
    case 'pause':
      return engine.pauseContainer(id);
    case 'unpause':
      return engine.unpauseContainer(id);
    default: {
      const unknown: never = operation;
      return Promise.reject(new Error(`unknown operation ${String(unknown)}`));
    }
  }
}

export interface OperateOptions {
  /** The signal `kill` sends; SIGKILL when absent. */
  readonly signal?: string;
  /** `--dry-run`: report what would be done, call nothing. */
  readonly dryRun?: boolean;
}

export async function operate(
  engine: Engine,
  operation: Operation,
  containers: readonly ServiceContainer[],
  onEvent: (event: OperationEvent) => void,
  options: OperateOptions = {},
): Promise<OperationResult> {
  const failed: { container: string; error: Error }[] = [];
  await Promise.all(
    containers.map(async (container) => {
      onEvent({ type: 'start', operation, container });
      try {
        if (!options.dryRun) await call(engine, operation, container.id, options.signal);
        onEvent({ type: 'done', operation, container });
      } catch (error) {
        const cause = error instanceof Error ? error : new Error(String(error));
        failed.push({ container: container.name, error: cause });
        onEvent({ type: 'fail', operation, container, error: cause });
      }
    }),
  );
  return { ok: failed.length === 0, failed };
}

/** `Container demo-web-1  Killed`: the plain progress line of one event. */
export function operationLine(event: OperationEvent): string {
  const words = OPERATION_WORDS[event.operation];
  const status =
    event.type === 'start' ? words.working : event.type === 'done' ? words.done : 'Error';
  return `Container ${event.container.name}  ${status}`;
}

/** The event as one NDJSON object, shaped like the executor's `--progress json` lines. */
export function operationJson(event: OperationEvent, time: number): Record<string, unknown> {
  const words = OPERATION_WORDS[event.operation];
  return {
    v: 1,
    time,
    type: `action.${event.type}`,
    id: `container:${event.container.service}:${event.container.number}:${event.operation}`,
    action: `container.${event.operation}`,
    resource: { kind: 'container', name: event.container.name },
    service: event.container.service,
    status: event.type === 'start' ? words.working : event.type === 'done' ? words.done : 'Error',
    ...(event.type === 'fail' ? { error: { message: event.error.message } } : {}),
  };
}
