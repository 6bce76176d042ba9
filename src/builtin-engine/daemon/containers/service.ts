/**
 * The container half of EngineCore: list, create, inspect, the lifecycle
 * verbs, logs/attach, exec, top, resize, and network connect/disconnect.
 * Composed from small parts (create.ts, lifecycle.ts, control.ts,
 * streams.ts, exec.ts); this class routes and keeps the in-use views the
 * image, volume and network services ask for.
 */
import type Dockerode from 'dockerode';
import {
  EngineApiError,
  type ApiFilters,
  type EndpointAllocation,
  type EngineCore,
  type LogQuery,
} from '../../ports.js';
import type { Readable } from 'node:stream';
import { ContainerArchives } from './archive.js';
import { Control } from './control.js';
import { createContainer } from './create.js';
import type { ContainerDeps } from './deps.js';
import { Execs } from './exec.js';
import { Lifecycle } from './lifecycle.js';
import { matchesFilters, validateListFilters } from './list-filters.js';
import { normalizeName } from './names.js';
import { connectNetwork, disconnectNetwork } from './network-connect.js';
import { isActive, type ContainerRecord } from './record.js';
import { emitContainerEvent } from './events.js';
import { dnsNames, inspectShape, listShape } from './shapes.js';
import { resizeTty } from './runtime-extensions.js';
import { Streams } from './streams.js';
import { parsePs, psArguments } from './top.js';

type ContainerPart = Pick<
  EngineCore,
  | 'listContainers' | 'createContainer' | 'inspectContainer' | 'startContainer' | 'stopContainer'
  | 'restartContainer' | 'killContainer' | 'pauseContainer' | 'unpauseContainer'
  | 'renameContainer' | 'removeContainer' | 'waitContainer' | 'containerLogs' | 'attachContainer'
  | 'resizeContainer' | 'topContainer' | 'createExec' | 'startExec' | 'resizeExec' | 'inspectExec'
  | 'connectNetwork' | 'disconnectNetwork' | 'statContainerPath' | 'getContainerArchive'
  | 'putContainerArchive'
>; // prettier-ignore

export class ContainerService implements ContainerPart {
  readonly lifecycle: Lifecycle;
  readonly control: Control;
  readonly streams: Streams;
  readonly execs: Execs;
  readonly archives: ContainerArchives;

  constructor(private readonly deps: ContainerDeps) {
    this.archives = new ContainerArchives(deps);
    this.lifecycle = new Lifecycle(deps);
    this.control = new Control(deps, this.lifecycle);
    this.streams = new Streams(deps);
    this.execs = new Execs(deps);
    this.lifecycle.autoRemove = (record) => this.control.autoRemove(record);
    this.control.onRemoved = (id) => this.execs.forget(id);
    this.control.streamsDrained = (id) => this.streams.drained(id);
  }

  /** Loads every record and reconciles it with the runtime (daemon start). */
  async recover(): Promise<void> {
    const records = await this.deps.registry.load();
    // In parallel: a container whose exit was never recorded costs a few seconds of waiting.
    await Promise.all(
      records.map((record) =>
        this.lifecycle
          .recover(record)
          .catch((error: unknown) =>
            this.deps.warn(`recovering container ${record.name}: ${String(error)}`),
          ),
      ),
    );
  }

  async listContainers(query: {
    all: boolean;
    limit?: number;
    size: boolean;
    filters: ApiFilters;
  }) {
    validateListFilters(query.filters);
    const { registry } = this.deps;
    const context = { createdOf: (ref: string) => Date.parse(registry.resolve(ref).created) };
    const limit = query.limit !== undefined && query.limit > 0 ? query.limit : undefined;
    const all = query.all || limit !== undefined;
    const now = Date.now();
    const records = registry
      .all()
      .filter((record) => all || isActive(record.state))
      .filter((record) => matchesFilters(record, query.filters, context))
      .sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || b.id.localeCompare(a.id));
    const shown = limit === undefined ? records : records.slice(0, limit);
    return shown.map((record) => {
      const shape = listShape(record, now);
      return query.size ? { ...shape, SizeRw: 0, SizeRootFs: 0 } : shape;
    });
  }

  async createContainer(name: string | undefined, body: Dockerode.ContainerCreateOptions) {
    const record = await createContainer(this.deps, name, body);
    return { Id: record.id, Warnings: [] };
  }

  async inspectContainer(ref: string, options?: { size?: boolean }) {
    const record = this.deps.registry.resolve(ref);
    const shape = inspectShape(record, {
      execIds: this.execs.idsOf(record.id),
      snapshotDir: this.deps.snapshots.dir(record.id),
    });
    return options?.size ? { ...shape, SizeRw: 0, SizeRootFs: 0 } : shape;
  }

  startContainer(ref: string) {
    return this.control.start(ref);
  }

  stopContainer(ref: string, options: { signal?: string; timeoutSeconds?: number }) {
    return this.control.stop(ref, options);
  }

  restartContainer(ref: string, options: { signal?: string; timeoutSeconds?: number }) {
    return this.control.restart(ref, options);
  }

  killContainer(ref: string, signal?: string) {
    return this.control.kill(ref, signal);
  }

  pauseContainer(ref: string) {
    return this.control.pause(ref);
  }

  unpauseContainer(ref: string) {
    return this.control.unpause(ref);
  }

  removeContainer(ref: string, options: { force: boolean; volumes: boolean }) {
    return this.control.remove(ref, options);
  }

  waitContainer(
    ref: string,
    condition: 'not-running' | 'next-exit' | 'removed',
    signal: AbortSignal,
  ) {
    return this.control.wait(ref, condition, signal);
  }

  async renameContainer(ref: string, newName: string): Promise<void> {
    const record = this.deps.registry.resolve(ref);
    const name = normalizeName(newName);
    if (name === record.name) {
      throw new EngineApiError(400, 'Renaming a container with the same name as its current name');
    }
    const oldName = record.name;
    await this.deps.registry.rename(record, name);
    for (const endpoint of Object.values(record.networks)) {
      if (endpoint.allocation === undefined) continue;
      this.deps.networks.setNames(
        endpoint.networkId,
        record.id,
        dnsNames(record, endpoint),
        endpoint.allocation.address,
      );
    }
    emitContainerEvent(this.deps, record, 'rename', { oldName: `/${oldName}` });
  }

  containerLogs(ref: string, query: LogQuery, signal: AbortSignal) {
    return this.streams.logs(ref, query, signal);
  }

  attachContainer(
    ref: string,
    query: { stream: boolean; logs: boolean; stdin: boolean; stdout: boolean; stderr: boolean },
    signal: AbortSignal,
  ) {
    return this.streams.attach(ref, query, signal);
  }

  /** Best effort, as in Docker: a driver without TTY resize, or a container without a TTY, ignores it. */
  async resizeContainer(ref: string, size: { height: number; width: number }): Promise<void> {
    const record = this.deps.registry.resolve(ref);
    if (!isActive(record.state))
      throw new EngineApiError(409, `Container ${record.id} is not running`);
    if (record.config.Tty !== true) return;
    await resizeTty(this.deps.runtime, record, size).catch((error: unknown) =>
      this.deps.warn(`resizing the TTY of ${record.name}: ${String(error)}`),
    );
  }

  async topContainer(ref: string, psArgs?: string) {
    const record = this.deps.registry.resolve(ref);
    if (!isActive(record.state))
      throw new EngineApiError(409, `Container ${record.id} is not running`);
    const pids = await this.deps.runtime.pids(record.id);
    return parsePs(await this.deps.ps(psArguments(psArgs)), pids);
  }

  createExec(ref: string, body: Dockerode.ExecCreateOptions) {
    return this.execs.create(ref, body);
  }

  startExec(execId: string, options: { detach: boolean; tty: boolean }, signal: AbortSignal) {
    return this.execs.start(execId, options, signal);
  }

  resizeExec(execId: string, size: { height: number; width: number }) {
    return this.execs.resize(execId, size);
  }

  async inspectExec(execId: string) {
    return this.execs.inspect(execId);
  }

  statContainerPath(ref: string, path: string) {
    return this.archives.stat(ref, path);
  }

  getContainerArchive(ref: string, path: string, signal: AbortSignal) {
    return this.archives.get(ref, path, signal);
  }

  putContainerArchive(
    ref: string,
    path: string,
    archive: Readable,
    options: { noOverwriteDirNonDir: boolean; copyUidGid: boolean },
  ) {
    return this.archives.put(ref, path, archive, options);
  }

  connectNetwork(
    ref: string,
    body: { Container: string; EndpointConfig?: Dockerode.EndpointSettings },
  ) {
    return connectNetwork(this.deps, ref, body);
  }

  disconnectNetwork(ref: string, body: { Container: string; Force?: boolean }) {
    return disconnectNetwork(this.deps, ref, body);
  }

  // ─── views for the other services ─────────────────────────────────────────

  imageInUse(imageId: string): { containerId: string; running: boolean } | undefined {
    const users = this.deps.registry.all().filter((record) => record.image.id === imageId);
    const user = users.find((record) => isActive(record.state)) ?? users[0];
    return user === undefined ? undefined : { containerId: user.id, running: isActive(user.state) };
  }

  volumeUsers(volumeName: string): string[] {
    return this.deps.registry
      .all()
      .filter((record) =>
        record.mounts.some((mount) => mount.Type === 'volume' && mount.Name === volumeName),
      )
      .map((record) => record.id);
  }

  endpointsOn(
    networkId: string,
  ): Array<{ containerId: string; name: string; allocation: EndpointAllocation }> {
    const endpoints: Array<{ containerId: string; name: string; allocation: EndpointAllocation }> =
      [];
    for (const record of this.deps.registry.all()) {
      for (const endpoint of Object.values(record.networks)) {
        if (endpoint.networkId !== networkId || endpoint.allocation === undefined) continue;
        endpoints.push({
          containerId: record.id,
          name: record.name,
          allocation: endpoint.allocation,
        });
      }
    }
    return endpoints;
  }

  counts(): { total: number; running: number; paused: number; stopped: number } {
    const records: ContainerRecord[] = this.deps.registry.all();
    const running = records.filter(
      (r) => r.state.Status === 'running' || r.state.Status === 'restarting',
    ).length;
    const paused = records.filter((r) => r.state.Status === 'paused').length;
    return { total: records.length, running, paused, stopped: records.length - running - paused };
  }
}
