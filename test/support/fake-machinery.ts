/**
 * In-memory fakes of the built-in engine's drivers and resource services, for
 * the daemon core's unit tests: they record what the core asked for and let a
 * test decide what the "processes" do (output, exit codes, exits while the
 * daemon is down). No root, no mounts, no namespaces.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  EngineApiError,
  type ContainerRuntimeSpec,
  type EndpointAllocation,
  type EndpointSpec,
  type ExecHandle,
  type ExecRequest,
  type ExitInfo,
  type ImageService,
  type LogQuery,
  type NetworkDriver,
  type NetworkService,
  type OutputChunk,
  type PortBinding,
  type PortPublisher,
  type ResolvedImage,
  type RuntimeDriver,
  type RuntimeStatus,
  type VolumeMountSource,
  type VolumeService,
} from '../../src/builtin-engine/ports.js';
import type { SnapshotOps } from '../../src/builtin-engine/daemon/containers/snapshot-ops.js';

function notImplemented(): never {
  throw new EngineApiError(501, 'not implemented in the fake');
}

interface FakeProcess {
  spec: ContainerRuntimeSpec;
  status: RuntimeStatus;
  pid: number;
  exit?: ExitInfo;
  waiters: Array<(exit: ExitInfo) => void>;
}

/** What a started container does: output lines, then (optionally) exit with a code after a delay. */
export interface Behaviour {
  output?: Array<{ stream: 'stdout' | 'stderr'; text: string }>;
  exitCode?: number;
  exitAfterMs?: number;
  /** Exit code on SIGTERM (default 143); `null` = ignores SIGTERM. */
  onTerm?: number | null;
}

export class FakeRuntime implements RuntimeDriver {
  readonly processes = new Map<string, FakeProcess>();
  /** Output recorded per log path (survives the process, like the monitor's file). */
  readonly logs = new Map<string, OutputChunk[]>();
  readonly calls: string[] = [];
  behaviour: (spec: ContainerRuntimeSpec) => Behaviour = () => ({});
  execHandler: (
    id: string,
    request: ExecRequest,
  ) => { exitCode: number; output?: string; delayMs?: number } = () => ({ exitCode: 0 });
  startError?: Error;
  private nextPid = 1000;
  private readonly logWaiters = new Set<() => void>();

  private notifyLogs(): void {
    for (const wake of [...this.logWaiters]) wake();
  }

  write(logPath: string, stream: 'stdout' | 'stderr', text: string): void {
    const list = this.logs.get(logPath) ?? [];
    list.push({ stream, data: Buffer.from(text), time: new Date().toISOString() });
    this.logs.set(logPath, list);
    this.notifyLogs();
  }

  async start(spec: ContainerRuntimeSpec): Promise<{ pid: number }> {
    this.calls.push(`start ${spec.id}`);
    if (this.startError) throw this.startError;
    const pid = (this.nextPid += 1);
    const process: FakeProcess = { spec, status: 'running', pid, waiters: [] };
    this.processes.set(spec.id, process);
    const behaviour = this.behaviour(spec);
    for (const line of behaviour.output ?? []) this.write(spec.logPath, line.stream, line.text);
    (process as FakeProcess & { behaviour?: Behaviour }).behaviour = behaviour;
    if (behaviour.exitCode !== undefined) {
      setTimeout(() => this.exit(spec.id, behaviour.exitCode ?? 0), behaviour.exitAfterMs ?? 0);
    }
    return { pid };
  }

  /** Ends the container's process (as if it exited by itself). */
  exit(id: string, exitCode: number, oomKilled = false): void {
    const process = this.processes.get(id);
    if (process === undefined || process.exit !== undefined) return;
    process.status = 'stopped';
    process.exit = { exitCode, finishedAt: new Date().toISOString(), oomKilled };
    for (const waiter of process.waiters.splice(0)) waiter(process.exit);
    this.notifyLogs();
  }

  waitExit(id: string): Promise<ExitInfo> {
    const process = this.processes.get(id);
    if (process === undefined) return Promise.reject(new Error(`no container ${id}`));
    if (process.exit !== undefined) return Promise.resolve(process.exit);
    return new Promise((resolve) => process.waiters.push(resolve));
  }

  async kill(id: string, signal: string): Promise<void> {
    this.calls.push(`kill ${id} ${signal}`);
    const process = this.processes.get(id);
    if (process === undefined || process.exit !== undefined) return;
    const behaviour = (process as FakeProcess & { behaviour?: Behaviour }).behaviour ?? {};
    if (signal === 'SIGKILL') this.exit(id, 137);
    else if (signal === 'SIGTERM' && behaviour.onTerm !== null)
      this.exit(id, behaviour.onTerm ?? 143);
  }

  async pause(id: string): Promise<void> {
    const process = this.processes.get(id);
    if (process) process.status = 'paused';
  }

  async resume(id: string): Promise<void> {
    const process = this.processes.get(id);
    if (process && process.status === 'paused') process.status = 'running';
  }

  async delete(id: string): Promise<void> {
    this.calls.push(`delete ${id}`);
    const process = this.processes.get(id);
    if (process !== undefined && process.exit !== undefined) this.processes.delete(id);
  }

  async status(id: string): Promise<RuntimeStatus | undefined> {
    return this.processes.get(id)?.status;
  }

  async exec(id: string, request: ExecRequest): Promise<ExecHandle> {
    this.calls.push(`exec ${id} ${request.args.join(' ')}`);
    const process = this.processes.get(id);
    if (process === undefined || process.status !== 'running')
      throw new Error('container is not running');
    const result = this.execHandler(id, request);
    const stdin = new PassThrough();
    const chunks: OutputChunk[] = result.output
      ? [{ stream: 'stdout', data: Buffer.from(result.output) }]
      : [];
    const delay = result.delayMs ?? 0;
    const exit = new Promise<number>((resolve) =>
      setTimeout(() => resolve(result.exitCode), delay),
    );
    return {
      pid: (this.nextPid += 1),
      stdin: request.stdin ? stdin : undefined,
      output: (async function* () {
        await exit;
        yield* chunks;
      })(),
      exit,
      resize: async () => undefined,
    };
  }

  async *readLogs(
    logPath: string,
    query: LogQuery,
    signal: AbortSignal,
  ): AsyncIterable<OutputChunk> {
    let index = 0;
    for (;;) {
      const list = this.logs.get(logPath) ?? [];
      while (index < list.length) {
        const chunk = list[index++];
        if (chunk === undefined) continue;
        if (!(chunk.stream === 'stdout' ? query.stdout : query.stderr)) continue;
        if (query.since > 0 && Date.parse(chunk.time ?? '') / 1000 < query.since) continue;
        yield chunk;
      }
      const owner = [...this.processes.values()].find((p) => p.spec.logPath === logPath);
      if (!query.follow || signal.aborted || owner === undefined || owner.exit !== undefined)
        return;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.logWaiters.delete(wake);
          resolve();
        };
        this.logWaiters.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  /** What clients wrote to a container's stdin through attach (the runc driver's extension). */
  readonly stdinReceived = new Map<string, string>();
  attachStdin?: (
    id: string,
    bundleDir: string,
  ) => Promise<{ stdin: PassThrough; closed: Promise<void>; detach(): void }> = async (id) => {
    const process = this.processes.get(id);
    if (process === undefined || process.exit !== undefined)
      throw new Error(`container ${id} is not running`);
    const stdin = new PassThrough();
    stdin.on('data', (chunk: Buffer) =>
      this.stdinReceived.set(id, (this.stdinReceived.get(id) ?? '') + chunk.toString()),
    );
    return {
      stdin,
      closed: new Promise<void>((resolve) => stdin.on('end', resolve)),
      detach: () => undefined,
    };
  };

  async pids(id: string): Promise<number[]> {
    const process = this.processes.get(id);
    return process ? [process.pid] : [];
  }
}

export class FakeNetworkDriver implements NetworkDriver {
  readonly namespaces = new Set<string>();
  readonly attached: Array<{ namespace: string; endpoint: EndpointSpec }> = [];
  readonly detached: Array<{ namespace: string; ifname: string }> = [];
  async ensureBridge(): Promise<void> {}
  async removeBridge(): Promise<void> {}
  namespacePath(containerId: string): string {
    return `/run/netns/fake-${containerId.slice(0, 12)}`;
  }
  async createNamespace(containerId: string): Promise<string> {
    this.namespaces.add(containerId);
    return this.namespacePath(containerId);
  }
  async removeNamespace(containerId: string): Promise<void> {
    this.namespaces.delete(containerId);
  }
  async attach(
    namespace: string,
    endpoint: EndpointSpec,
    options: { createNamespace?: string } = {},
  ): Promise<void> {
    if (options.createNamespace !== undefined) this.namespaces.add(options.createNamespace);
    this.attached.push({ namespace, endpoint });
  }
  async detach(namespace: string, ifname: string): Promise<void> {
    this.detached.push({ namespace, ifname });
  }
  async hostSubnets(): Promise<string[]> {
    return [];
  }
  async teardownFirewall(): Promise<void> {}
}

export class FakeImages implements ImageService {
  readonly images = new Map<string, Omit<ResolvedImage, 'reference' | 'lowerDirs'>>();
  inUse?: (imageId: string) => { containerId: string; running: boolean } | undefined;

  add(reference: string, config: Record<string, unknown>): string {
    const id = `sha256:${randomBytes(32).toString('hex')}`;
    this.images.set(reference, { id, config });
    return id;
  }
  async resolve(reference: string): Promise<ResolvedImage> {
    const image = this.images.get(reference) ?? this.images.get(`${reference}:latest`);
    if (image === undefined) throw new EngineApiError(404, `No such image: ${reference}`);
    return { ...image, reference, lowerDirs: async () => ['/fake/layers/a'] };
  }
  setInUseCheck(
    check: (imageId: string) => { containerId: string; running: boolean } | undefined,
  ): void {
    this.inUse = check;
  }
  async listImages() {
    return [...this.images.values()].map((image) => ({ Id: image.id })) as never;
  }
  inspectImage = notImplemented;
  removeImage = notImplemented;
  tagImage = notImplemented;
  pullImage = notImplemented;
  importImage = notImplemented;
  loadImages = notImplemented;
}

export class FakeVolumes implements VolumeService {
  readonly volumes = new Map<string, { anonymous: boolean }>();
  users?: (name: string) => string[];
  async ensure(
    name: string | undefined,
    options?: { anonymous?: boolean },
  ): Promise<VolumeMountSource> {
    const volumeName = name ?? randomBytes(32).toString('hex');
    const created = !this.volumes.has(volumeName);
    if (created) this.volumes.set(volumeName, { anonymous: options?.anonymous === true });
    return { name: volumeName, hostPath: `/fake/volumes/${volumeName}/_data`, created };
  }
  setInUseCheck(check: (name: string) => string[]): void {
    this.users = check;
  }
  async removeVolume(name: string): Promise<void> {
    if ((this.users?.(name) ?? []).length > 0) throw new EngineApiError(409, `volume is in use`);
    this.volumes.delete(name);
  }
  listVolumes = notImplemented;
  inspectVolume = notImplemented;
  createVolume = notImplemented;
  pruneVolumes = notImplemented;
}

export class FakeNetworks implements NetworkService {
  readonly networks = new Map<string, { id: string; name: string; subnet: number; next: number }>();
  readonly names = new Map<string, { names: readonly string[]; address: string }>();
  readonly allocations = new Map<string, EndpointAllocation>();
  view?: (
    networkId: string,
  ) => Array<{ containerId: string; name: string; allocation: EndpointAllocation }>;

  constructor() {
    this.add('bridge');
  }
  add(name: string): string {
    const id = randomBytes(32).toString('hex');
    this.networks.set(id, { id, name, subnet: this.networks.size + 20, next: 2 });
    return id;
  }
  async resolve(ref: string) {
    const network = [...this.networks.values()].find(
      (n) => n.id === ref || n.name === ref || n.id.startsWith(ref),
    );
    if (network === undefined) throw new EngineApiError(404, `network ${ref} not found`);
    return { id: network.id, name: network.name, driver: 'bridge', internal: false };
  }
  async allocate(
    networkId: string,
    containerId: string,
    request: { ipv4Address?: string; mac?: string },
  ) {
    const network = this.networks.get(networkId);
    if (network === undefined) throw new EngineApiError(404, `network ${networkId} not found`);
    // Like the network service: the same container again keeps its address unless it asks for another.
    const kept = this.allocations.get(`${networkId}/${containerId}`)?.address;
    const address = request.ipv4Address ?? kept ?? `172.${network.subnet}.0.${network.next++}`;
    const allocation: EndpointAllocation = {
      networkId,
      networkName: network.name,
      endpointId: randomBytes(32).toString('hex'),
      bridge: `tsc-${networkId.slice(0, 8)}`,
      address,
      prefixLength: 16,
      gateway: `172.${network.subnet}.0.1`,
      mac: request.mac ?? '02:42:ac:11:00:02',
    };
    this.allocations.set(`${networkId}/${containerId}`, allocation);
    return allocation;
  }
  async release(networkId: string, containerId: string): Promise<void> {
    this.allocations.delete(`${networkId}/${containerId}`);
  }
  setNames(
    networkId: string,
    containerId: string,
    names: readonly string[],
    address: string,
  ): void {
    if (names.length === 0) this.names.delete(`${networkId}/${containerId}`);
    else this.names.set(`${networkId}/${containerId}`, { names, address });
  }
  setEndpointsView(view: NonNullable<FakeNetworks['view']>): void {
    this.view = view;
  }
  async defaultNetwork() {
    return this.resolve('bridge');
  }
  listNetworks = notImplemented;
  inspectNetwork = notImplemented;
  createNetwork = notImplemented;
  removeNetwork = notImplemented;
  pruneNetworks = notImplemented;
}

export class FakePorts implements PortPublisher {
  readonly bound = new Map<string, Array<PortBinding & { actual: number }>>();
  private next = 40000;
  async publish(owner: string, binding: PortBinding) {
    const actual = binding.hostPort || (this.next += 1);
    const list = this.bound.get(owner) ?? [];
    list.push({ ...binding, actual });
    this.bound.set(owner, list);
    return { hostIp: binding.hostIp, hostPort: actual };
  }
  async unpublish(owner: string): Promise<void> {
    this.bound.delete(owner);
  }
  async close(): Promise<void> {}
}

/** Snapshots as plain directories under `root` (nothing mounted). */
export function fakeSnapshots(root: string): SnapshotOps & { mounted: Set<string> } {
  const mounted = new Set<string>();
  const dir = (id: string): string => join(root, 'containers', id);
  return {
    mounted,
    dir,
    create: async (id) => {
      await mkdir(join(dir(id), 'merged'), { recursive: true });
    },
    mount: async (id) => {
      mounted.add(id);
      return join(dir(id), 'merged');
    },
    unmount: async (id) => {
      mounted.delete(id);
    },
    remove: async (id) => {
      mounted.delete(id);
      await rm(dir(id), { recursive: true, force: true });
    },
  };
}

export interface FakeMachinery {
  runtime: FakeRuntime;
  network: FakeNetworkDriver;
  images: FakeImages;
  volumes: FakeVolumes;
  networks: FakeNetworks;
  ports: FakePorts;
  snapshots: ReturnType<typeof fakeSnapshots>;
  warnings: string[];
}

export function fakeMachinery(root: string): FakeMachinery {
  return {
    runtime: new FakeRuntime(),
    network: new FakeNetworkDriver(),
    images: new FakeImages(),
    volumes: new FakeVolumes(),
    networks: new FakeNetworks(),
    ports: new FakePorts(),
    snapshots: fakeSnapshots(root),
    warnings: [],
  };
}

/** Options for BuiltinEngineCore.open built from fakes (no host files, no ps). */
export function coreOptions(root: string, machinery: FakeMachinery) {
  return {
    root,
    ...machinery,
    version: '9.9.9',
    hostName: 'testhost',
    hostResolvConf: async () => 'nameserver 192.0.2.53\n',
    ps: async () => 'UID PID PPID C STIME TTY TIME CMD\nroot 1001 1 0 10:00 ? 00:00:00 sleep 100\n',
    warn: (message: string) => machinery.warnings.push(message),
  };
}
