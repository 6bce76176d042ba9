/**
 * Pure judgement of one container against a `depends_on` condition, from an
 * inspect result or an engine event. Kept apart from the waiting itself so the
 * rules can be read (and tested) on their own.
 */
import type { EngineEvent, HealthState } from '../../engine/types.js';
import type { ActionOf } from '../context.js';
import { ExecutorError } from '../errors.js';

export type WaitCondition = ActionOf<'container.wait'>['condition'];

/** What is known of one container's run. */
export type ContainerObservation =
  | { readonly kind: 'created' }
  | { readonly kind: 'running'; readonly health: HealthState }
  | { readonly kind: 'exited'; readonly exitCode: number };

export type Verdict =
  | { readonly kind: 'satisfied' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'failed'; readonly error: ExecutorError };

const satisfied: Verdict = { kind: 'satisfied' };
const pending: Verdict = { kind: 'pending' };
const failed = (error: ExecutorError): Verdict => ({ kind: 'failed', error });

export function judge(
  condition: WaitCondition,
  service: string,
  observation: ContainerObservation,
): Verdict {
  const resource = `service ${service}`;
  if (observation.kind === 'created') return pending;
  switch (condition) {
    case 'service_started':
      return satisfied;
    case 'service_healthy':
      if (observation.kind === 'exited')
        return failed(
          new ExecutorError(
            'executor.exited',
            resource,
            `${service} exited with code ${observation.exitCode} before becoming healthy`,
          ),
        );
      if (observation.health === 'healthy') return satisfied;
      if (observation.health === 'unhealthy')
        return failed(
          new ExecutorError('executor.unhealthy', resource, `${service} failed to become healthy`),
        );
      if (observation.health === 'none')
        return failed(
          new ExecutorError(
            'executor.no-healthcheck',
            resource,
            `${service} has no healthcheck, so it can never become healthy`,
          ),
        );
      return pending;
    case 'service_completed_successfully':
      if (observation.kind === 'running') return pending;
      if (observation.exitCode === 0) return satisfied;
      return failed(
        new ExecutorError(
          'executor.exited',
          resource,
          `${service} exited with code ${observation.exitCode}`,
        ),
      );
    default: {
      const unknown: never = condition;
      throw new Error(`unknown wait condition ${String(unknown)}`);
    }
  }
}

interface InspectedState {
  readonly Status?: string;
  readonly ExitCode?: number;
  readonly StartedAt?: string;
  readonly Health?: { readonly Status?: string };
}

const HEALTH_STATES: readonly HealthState[] = ['starting', 'healthy', 'unhealthy', 'none'];

export function observationFromInspect(inspected: Readonly<Record<string, unknown>>): {
  readonly observation: ContainerObservation;
  /** Start of the current run in ns since the epoch (engine clock); 0 when never started. */
  readonly startedAtNs: number;
} {
  const state = (inspected['State'] ?? {}) as InspectedState;
  const startedAtNs = parseEngineTimeNs(state.StartedAt);
  const status = state.Status ?? '';
  if (status === 'exited' || status === 'dead')
    return { observation: { kind: 'exited', exitCode: state.ExitCode ?? -1 }, startedAtNs };
  if (status === 'created' || status === '')
    return { observation: { kind: 'created' }, startedAtNs };
  const reported = state.Health?.Status as HealthState | undefined;
  const health = reported !== undefined && HEALTH_STATES.includes(reported) ? reported : 'none';
  return { observation: { kind: 'running', health }, startedAtNs };
}

/** The events that change a verdict; others (exec_*, attach, ...) are `undefined`. */
export function observationFromEvent(event: EngineEvent): ContainerObservation | undefined {
  switch (event.action) {
    case 'health_status: healthy':
      return { kind: 'running', health: 'healthy' };
    case 'health_status: unhealthy':
      return { kind: 'running', health: 'unhealthy' };
    case 'start':
      // A (re)start resets health: it is unknown until the first check.
      return { kind: 'running', health: 'starting' };
    case 'die': {
      const exitCode = Number.parseInt(event.attributes['exitCode'] ?? '', 10);
      return { kind: 'exited', exitCode: Number.isFinite(exitCode) ? exitCode : -1 };
    }
    default:
      return undefined;
  }
}

/** RFC 3339 with up to 9 fraction digits → ns; Date.parse only takes milliseconds. */
export function parseEngineTimeNs(text: string | undefined): number {
  if (text === undefined) return 0;
  const trimmed = text.replace(/(\.\d{3})\d*/, '$1');
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) && ms > 0 ? ms * 1e6 : 0;
}
