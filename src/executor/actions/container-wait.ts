/**
 * Waits for a dependency's condition from the engine's event stream, not by
 * polling. The subscription is opened before the current state is inspected,
 * and replays from the oldest container's creation (`since`), so no transition
 * is missed between the two; events older than a container's current run are
 * ignored (a replayed "healthy" of an earlier run must not count).
 */
import { Label, type ContainerSummary, type EngineEvent } from '../../engine/types.js';
import type { ActionContext, ActionOf } from '../context.js';
import { ExecutorError } from '../errors.js';
import { judge, observationFromEvent, observationFromInspect, type Verdict } from './wait-state.js';

type WaitAction = ActionOf<'container.wait'>;

const WHAT = {
  service_healthy: 'become healthy',
  service_completed_successfully: 'complete successfully',
  service_started: 'start',
} as const;

function isServiceContainer(container: ContainerSummary, service: string): boolean {
  return (
    container.labels[Label.service] === service &&
    (container.labels[Label.oneoff] ?? '').toLowerCase() !== 'true'
  );
}

/** The whole service: failed if any container failed, satisfied when all are. */
function serviceVerdict(verdicts: Iterable<Verdict>): Verdict {
  let allSatisfied = true;
  for (const verdict of verdicts) {
    if (verdict.kind === 'failed') return verdict;
    if (verdict.kind === 'pending') allSatisfied = false;
  }
  return allSatisfied ? { kind: 'satisfied' } : { kind: 'pending' };
}

function timeoutError(context: ActionContext, action: WaitAction): ExecutorError {
  return new ExecutorError(
    'executor.wait-timeout',
    `service ${action.service}`,
    `${action.service} did not ${WHAT[action.condition]} within ${context.waitTimeoutMs} ms`,
  );
}

/** Rejects at the deadline (measured with the injected clock) or when the signal aborts. */
function interruption(
  context: ActionContext,
  action: WaitAction,
  deadline: number | undefined,
  signal: AbortSignal,
): Promise<never> {
  return new Promise<never>((_, reject) => {
    let timer: NodeJS.Timeout | undefined;
    signal.addEventListener('abort', () => {
      if (timer !== undefined) clearTimeout(timer);
      reject(new ExecutorError('executor.cancelled', `service ${action.service}`, 'cancelled'));
    });
    if (deadline === undefined) return;
    const check = () => {
      const remaining = deadline - context.now();
      if (remaining > 0) timer = setTimeout(check, remaining);
      else reject(timeoutError(context, action));
    };
    check();
  });
}

async function waitUntilSettled(
  context: ActionContext,
  action: WaitAction,
  signal: AbortSignal,
): Promise<void> {
  const project = context.plan.project;
  const containers = (await context.engine.listContainers({ project, all: true })).filter((c) =>
    isServiceContainer(c, action.service),
  );
  if (containers.length === 0)
    throw new ExecutorError(
      'executor.no-container',
      `service ${action.service}`,
      `${action.service} has no container to wait for`,
    );
  const since = Math.min(...containers.map((c) => c.created));
  const events = context.engine.events({ project, since }, signal)[Symbol.asyncIterator]();
  // Asking for the first event opens the subscription before anything is inspected.
  let nextEvent = events.next();
  const deadline =
    context.waitTimeoutMs !== undefined ? context.now() + context.waitTimeoutMs : undefined;
  const stopped = interruption(context, action, deadline, signal);
  nextEvent.catch(() => undefined);
  stopped.catch(() => undefined);

  const verdicts = new Map<string, Verdict>();
  const startedAtNs = new Map<string, number>();
  await Promise.all(
    containers.map(async (container) => {
      const inspected = observationFromInspect(await context.engine.inspectContainer(container.id));
      startedAtNs.set(container.id, inspected.startedAtNs);
      verdicts.set(container.id, judge(action.condition, action.service, inspected.observation));
    }),
  );
  for (;;) {
    const verdict = serviceVerdict(verdicts.values());
    if (verdict.kind === 'satisfied') return;
    if (verdict.kind === 'failed') throw verdict.error;
    // The clock is checked on every turn too: an injected clock may jump past the deadline.
    if (deadline !== undefined && context.now() >= deadline) throw timeoutError(context, action);
    const next: IteratorResult<EngineEvent> = await Promise.race([nextEvent, stopped]);
    if (next.done)
      throw new ExecutorError(
        'executor.wait-timeout',
        `service ${action.service}`,
        `the engine's event stream ended before ${action.service} could ${WHAT[action.condition]}`,
      );
    nextEvent = events.next();
    nextEvent.catch(() => undefined);
    const event = next.value;
    if (event.type !== 'container' || !verdicts.has(event.id)) continue;
    if (event.timeNano > 0 && event.timeNano < (startedAtNs.get(event.id) ?? 0)) continue;
    const observation = observationFromEvent(event);
    if (observation) verdicts.set(event.id, judge(action.condition, action.service, observation));
  }
}

export async function waitForService(context: ActionContext, action: WaitAction): Promise<void> {
  const controller = new AbortController();
  const cancel = () => controller.abort();
  if (context.signal.aborted) cancel();
  context.signal.addEventListener('abort', cancel, { once: true });
  try {
    await waitUntilSettled(context, action, controller.signal);
  } catch (error) {
    // Compose carries on past a dependency declared `required: false`, with a warning.
    if (action.required || !(error instanceof ExecutorError) || error.code === 'executor.cancelled')
      throw error;
    context.warn(`${error.message}; continuing because ${action.service} is not required`);
  } finally {
    context.signal.removeEventListener('abort', cancel);
    controller.abort();
  }
}
