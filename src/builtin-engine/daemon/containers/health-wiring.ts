/**
 * Connects a running container to the health monitor: probes run as execs
 * with the container's env, working dir and user; each result is saved in
 * State.Health, and a change of status becomes a `health_status: <status>`
 * event, as in Docker.
 */
import { probeConfig } from '../health/probe-config.js';
import { runProbe } from '../health/probe.js';
import type { ContainerDeps } from './deps.js';
import { emitContainerEvent } from './events.js';
import { isActive, type ContainerRecord } from './record.js';

/** Starts the healthcheck loop of a container that just started (or was recovered running). */
export function startHealth(deps: ContainerDeps, record: ContainerRecord): void {
  const config = probeConfig(record.config.Healthcheck);
  if (config === undefined) {
    delete record.state.Health;
    return;
  }
  record.state.Health = deps.health.start({
    containerId: record.id,
    config,
    startedAt: new Date(record.state.StartedAt),
    previous: record.state.Health,
    probe: (args, timeoutMs) =>
      runProbe(
        deps.runtime,
        record.id,
        {
          env: record.config.Env,
          cwd: record.config.WorkingDir || undefined,
          user: record.config.User,
        },
        args,
        timeoutMs,
      ),
    isPaused: () => record.state.Status === 'paused',
    update: async (health, changed) => {
      if (!isActive(record.state)) return;
      record.state.Health = health;
      await deps.registry.save(record);
      if (changed) emitContainerEvent(deps, record, `health_status: ${health.Status}`);
    },
  });
}
