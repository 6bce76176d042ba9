/**
 * `deploy` in `ContainerSpec.extra`: Docker Compose (without Swarm) honours the
 * resources and, when `restart` is absent, the restart policy; replicas and mode
 * are the planner's (scale). Everything else under `deploy` is reported.
 */
import { deviceRequests, type ExtraTarget } from './create-body-extra.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const num = (value: unknown): number | undefined =>
  typeof value === 'number'
    ? value
    : typeof value === 'string' && value !== '' && Number.isFinite(Number(value))
      ? Number(value)
      : undefined;

/** Keys of `deploy` another layer handles: no warning. */
const HANDLED_ELSEWHERE = new Set(['replicas', 'mode']);

function limits(value: Record<string, unknown>, target: ExtraTarget): void {
  for (const [key, setting] of Object.entries(value)) {
    const amount = num(setting);
    if (key === 'cpus' && amount !== undefined)
      target.hostConfig['NanoCpus'] = Math.round(amount * 1e9);
    else if (key === 'memory' && amount !== undefined) target.hostConfig['Memory'] = amount;
    else if (key === 'pids' && amount !== undefined) target.hostConfig['PidsLimit'] = amount;
    else
      target.warn(
        `deploy.resources.limits.${key} is not supported by the Docker Engine backend and is ignored`,
      );
  }
}

function reservations(value: Record<string, unknown>, target: ExtraTarget): void {
  for (const [key, setting] of Object.entries(value)) {
    const amount = num(setting);
    const requests = key === 'devices' ? deviceRequests(setting, []) : undefined;
    if (key === 'memory' && amount !== undefined) target.hostConfig['MemoryReservation'] = amount;
    else if (requests) target.hostConfig['DeviceRequests'] = requests;
    else
      target.warn(
        `deploy.resources.reservations.${key} is not supported by the Docker Engine backend and is ignored`,
      );
  }
}

const RESTART_CONDITIONS: Record<string, string> = {
  none: 'no',
  'on-failure': 'on-failure',
  any: 'always',
};

function restartPolicy(value: Record<string, unknown>, target: ExtraTarget): void {
  // `restart:` wins over `deploy.restart_policy`, as in Docker Compose.
  if (target.hostConfig['RestartPolicy'] !== undefined) return;
  const condition = typeof value['condition'] === 'string' ? value['condition'] : 'any';
  const name = RESTART_CONDITIONS[condition];
  if (!name) {
    target.warn(
      `deploy.restart_policy.condition ${condition} is not supported by the Docker Engine backend and is ignored`,
    );
    return;
  }
  const attempts = num(value['max_attempts']);
  target.hostConfig['RestartPolicy'] = {
    Name: name,
    ...(name === 'on-failure' && attempts !== undefined ? { MaximumRetryCount: attempts } : {}),
  };
  for (const key of Object.keys(value))
    if (key !== 'condition' && key !== 'max_attempts')
      target.warn(
        `deploy.restart_policy.${key} is not supported by the Docker Engine backend and is ignored`,
      );
}

/** Returns false when `deploy` is not a mapping. */
export function translateDeploy(value: unknown, target: ExtraTarget): boolean {
  if (!isRecord(value)) return false;
  for (const [key, setting] of Object.entries(value)) {
    if (HANDLED_ELSEWHERE.has(key)) continue;
    if (key === 'resources' && isRecord(setting)) {
      for (const [kind, values] of Object.entries(setting)) {
        if (kind === 'limits' && isRecord(values)) limits(values, target);
        else if (kind === 'reservations' && isRecord(values)) reservations(values, target);
        else
          target.warn(
            `deploy.resources.${kind} is not supported by the Docker Engine backend and is ignored`,
          );
      }
    } else if (key === 'restart_policy' && isRecord(setting)) restartPolicy(setting, target);
    else target.warn(`deploy.${key} is not supported by the Docker Engine backend and is ignored`);
  }
  return true;
}
