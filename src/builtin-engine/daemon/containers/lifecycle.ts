/**
 * The life of a container's process: start (by the API or a restart policy),
 * the exit watch (RuntimeDriver.waitExit, which also reports exits that
 * happened while the daemon was down), what an exit records and releases,
 * restart policies with Docker's backoff, healthchecks while running, and
 * recovery of every container when the daemon starts.
 */
import { EngineApiError } from '../../ports.js';
import type { ContainerDeps } from './deps.js';
import { emitContainerEvent } from './events.js';
import { startHealth } from './health-wiring.js';
import { type ContainerRecord, isActive } from './record.js';
import type { ExitNotice } from './registry.js';
import { nextBackoff, shouldRestart } from './restart-policy.js';
import { launch, releaseResources } from './run.js';
import { dnsNames } from './shapes.js';
import { raceTimeout } from './timeout.js';
import { parseRestartPolicy } from './validate.js';
import { wantedBindings } from './port-specs.js';

/** How long recovery waits for the monitor's exit record of a container that no longer runs. */
const RECOVERY_EXIT_WAIT_MS = 3_000;

interface ProcessWatch {
  generation: number;
  backoffMs: number;
  restartTimer?: NodeJS.Timeout;
}

/** Docker's exit codes for a process that could not be started. */
function startFailureCode(message: string): number {
  if (/permission denied/i.test(message)) return 126;
  if (/not found|no such file/i.test(message)) return 127;
  return 128;
}

export class Lifecycle {
  private readonly watches = new Map<string, ProcessWatch>();
  /** Called after a container whose HostConfig.AutoRemove is set exited for good. */
  autoRemove: (record: ContainerRecord) => Promise<void> = async () => undefined;

  constructor(private readonly deps: ContainerDeps) {}

  private watch(id: string): ProcessWatch {
    let watch = this.watches.get(id);
    if (watch === undefined) {
      watch = { generation: 0, backoffMs: 0 };
      this.watches.set(id, watch);
    }
    return watch;
  }

  /** Starts a created or exited container (the caller holds the container's lock). */
  async start(record: ContainerRecord, by: 'api' | 'policy'): Promise<void> {
    if (by === 'api') {
      record.stoppedByApi = false;
      record.restartCount = 0;
      this.watch(record.id).backoffMs = 0;
    }
    let pid: number;
    try {
      pid = await launch(this.deps, record);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      record.state.Error = message;
      record.state.ExitCode = startFailureCode(message);
      await this.deps.registry.save(record);
      if (error instanceof EngineApiError) throw error;
      const status = record.state.ExitCode === 128 ? 500 : 400;
      throw new EngineApiError(status, `failed to start container ${record.id}: ${message}`, {
        cause: error,
      });
    }
    record.state = {
      ...record.state,
      Status: 'running',
      Pid: pid,
      ExitCode: 0,
      Error: '',
      OOMKilled: false,
      StartedAt: new Date().toISOString(),
    };
    startHealth(this.deps, record);
    await this.deps.registry.save(record);
    emitContainerEvent(this.deps, record, 'start');
    this.deps.registry.notices.emit('start', record.id);
    this.watchExit(record);
  }

  /** Follows the current process to its exit. */
  watchExit(record: ContainerRecord): void {
    const watch = this.watch(record.id);
    const generation = (watch.generation += 1);
    this.deps.runtime.waitExit(record.id, record.bundleDir).then(
      (exit) => this.handleExit(record, generation, exit),
      (error: unknown) =>
        this.handleExit(record, generation, {
          exitCode: 255,
          finishedAt: new Date().toISOString(),
          oomKilled: false,
          error: `lost track of the container's process: ${String(error)}`,
        }),
    );
  }

  private async handleExit(
    record: ContainerRecord,
    generation: number,
    exit: { exitCode: number; finishedAt: string; oomKilled: boolean; error?: string },
  ): Promise<void> {
    const watch = this.watch(record.id);
    if (watch.generation !== generation || this.deps.registry.byId(record.id) !== record) return;
    watch.generation += 1;
    const uptimeMs = Date.parse(exit.finishedAt) - Date.parse(record.state.StartedAt);
    await releaseResources(this.deps, record);
    record.state = {
      ...record.state,
      Status: 'exited',
      Pid: 0,
      ExitCode: exit.exitCode,
      Error: exit.error ?? '',
      FinishedAt: exit.finishedAt,
      OOMKilled: exit.oomKilled,
    };
    emitContainerEvent(this.deps, record, 'die', { exitCode: `${exit.exitCode}` });
    await this.afterExit(record, Number.isFinite(uptimeMs) ? uptimeMs : 0);
  }

  /** Applies the restart policy to a container that just exited (state already recorded). */
  private async afterExit(record: ContainerRecord, uptimeMs: number): Promise<void> {
    const policy = parseRestartPolicy(record.hostConfig.RestartPolicy);
    const restart = shouldRestart(policy, {
      exitCode: record.state.ExitCode,
      stoppedByApi: record.stoppedByApi,
      restartCount: record.restartCount,
    });
    const notice: ExitNotice = {
      id: record.id,
      exitCode: record.state.ExitCode,
      error: record.state.Error,
      final: !restart,
    };
    if (restart) {
      const watch = this.watch(record.id);
      watch.backoffMs = nextBackoff(watch.backoffMs, uptimeMs);
      record.state.Status = 'restarting';
      record.restartCount += 1;
      watch.restartTimer = setTimeout(() => void this.restartByPolicy(record), watch.backoffMs);
    }
    await this.deps.registry.save(record).catch((error: unknown) => this.deps.warn(String(error)));
    this.deps.registry.notices.emit('exit', notice);
    if (!restart && record.hostConfig.AutoRemove) {
      await this.autoRemove(record).catch((error: unknown) =>
        this.deps.warn(`removing container ${record.name} after its exit: ${String(error)}`),
      );
    }
  }

  private async restartByPolicy(record: ContainerRecord): Promise<void> {
    const { registry } = this.deps;
    await registry.withLock(record.id, async () => {
      const watch = this.watch(record.id);
      delete watch.restartTimer;
      if (registry.byId(record.id) !== record || record.state.Status !== 'restarting') return;
      try {
        await this.start(record, 'policy');
      } catch (error) {
        this.deps.warn(`restarting container ${record.name}: ${(error as Error).message}`);
        record.state.Status = 'exited';
        record.state.FinishedAt = new Date().toISOString();
        await this.afterExit(record, 0);
      }
    });
  }

  /** Cancels a pending policy restart; true when one was pending. */
  cancelRestart(record: ContainerRecord): boolean {
    const watch = this.watches.get(record.id);
    if (watch?.restartTimer === undefined) return false;
    clearTimeout(watch.restartTimer);
    delete watch.restartTimer;
    return true;
  }

  /** Marks a restarting container as stopped for good (stop/kill/rm while waiting for the backoff). */
  async settleRestarting(record: ContainerRecord): Promise<void> {
    this.cancelRestart(record);
    record.state.Status = 'exited';
    await this.deps.registry.save(record);
    this.deps.registry.notices.emit('exit', {
      id: record.id,
      exitCode: record.state.ExitCode,
      error: record.state.Error,
      final: true,
    } satisfies ExitNotice);
  }

  forget(id: string): void {
    const watch = this.watches.get(id);
    if (watch?.restartTimer !== undefined) clearTimeout(watch.restartTimer);
    if (watch !== undefined) watch.generation += 1;
    this.watches.delete(id);
  }

  /**
   * After a daemon restart: a container the runtime still runs gets its
   * addresses, names, ports, healthcheck and exit watch back; one that exited
   * meanwhile gets its exit recorded (and its restart policy applied).
   */
  async recover(record: ContainerRecord): Promise<void> {
    if (!isActive(record.state)) return;
    if (record.state.Status === 'restarting') {
      record.state.Status = 'exited';
      await this.afterExit(record, 0);
      return;
    }
    const status = await this.deps.runtime.status(record.id).catch(() => undefined);
    if (status === 'running' || status === 'paused') {
      record.state.Status = status;
      await this.reattach(record);
      startHealth(this.deps, record);
      await this.deps.registry.save(record);
      this.watchExit(record);
      return;
    }
    // Stopped or unknown: the monitor recorded the exit while we were down. No record at all
    // (the host restarted, the monitor was killed) is an exit with Docker's 255.
    const generation = (this.watch(record.id).generation += 1);
    const exit = await raceTimeout(
      this.deps.runtime.waitExit(record.id, record.bundleDir).catch(() => 'timeout' as const),
      RECOVERY_EXIT_WAIT_MS,
    );
    await this.handleExit(
      record,
      generation,
      exit !== 'timeout'
        ? exit
        : {
            exitCode: 255,
            finishedAt: new Date().toISOString(),
            oomKilled: false,
            error:
              "the container's process is gone and its monitor recorded no exit (was the host restarted?)",
          },
    );
  }

  private async reattach(record: ContainerRecord): Promise<void> {
    const { deps } = this;
    let primary: string | undefined;
    for (const endpoint of Object.values(record.networks)) {
      const previous = endpoint.allocation;
      if (previous === undefined) continue;
      try {
        // The network service keeps the address it gave this container; ask as a start does.
        endpoint.allocation = await deps.networks.allocate(endpoint.networkId, record.id, {
          ipv4Address: endpoint.config.IPAMConfig?.IPv4Address || undefined,
          mac: endpoint.config.MacAddress || undefined,
        });
        deps.networks.setNames(
          endpoint.networkId,
          record.id,
          dnsNames(record, endpoint),
          endpoint.allocation.address,
        );
        primary ??= endpoint.allocation.address;
      } catch (error) {
        deps.warn(
          `recovering ${record.name}'s address on ${endpoint.networkName}: ${String(error)}`,
        );
      }
    }
    const published = record.ports;
    record.ports = [];
    if (primary === undefined) return;
    for (const wanted of wantedBindings(record.hostConfig, record.config.ExposedPorts)) {
      const before = published.find(
        (entry) =>
          entry.port === wanted.key && (wanted.hostIp === '' || entry.hostIp === wanted.hostIp),
      );
      try {
        const bound = await deps.ports.publish(record.id, {
          protocol: wanted.protocol,
          hostIp: wanted.hostIp,
          hostPort: wanted.hostPort || before?.hostPort || 0,
          targetAddress: primary,
          targetPort: wanted.containerPort,
        });
        record.ports.push({ port: wanted.key, hostIp: bound.hostIp, hostPort: bound.hostPort });
      } catch (error) {
        deps.warn(`republishing port ${wanted.key} of ${record.name}: ${String(error)}`);
      }
    }
  }
}
