/**
 * The daemon core: everything the Engine API facade calls (EngineCore),
 * composed from the container service and the image, volume and network
 * services. `open` loads the state from disk and reconciles it with what
 * still runs, so a restarted daemon picks up where the last one left off.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, hostname, machine, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type {
  ApiFilters,
  EngineCore,
  ImageService,
  NetworkDriver,
  NetworkService,
  PortPublisher,
  RuntimeDriver,
  VolumeService,
} from '../ports.js';
import {
  ContainerRegistry,
  ContainerService,
  diskSnapshots,
  type SnapshotOps,
} from './containers/index.js';
import type { ContainerRecord } from './containers/record.js';
import { EventBus } from './events/bus.js';
import { goArch, operatingSystem, packageVersion } from './host-facts.js';
import { runCommand } from '../host/commands.js';
import { HealthMonitor } from './health/monitor.js';
import { RecordStore } from './record-store.js';

export const API_VERSION = '1.41';
export const MIN_API_VERSION = '1.12';

export interface BuiltinEngineCoreOptions {
  /** The engine's state directory (`/var/lib/tscompose` …); containers live under `<root>/containers`. */
  readonly root: string;
  readonly runtime: RuntimeDriver;
  readonly network: NetworkDriver;
  readonly images: ImageService;
  readonly volumes: VolumeService;
  readonly networks: NetworkService;
  readonly ports: PortPublisher;
  /** Overlay snapshots; the disk implementation on `root` by default. */
  readonly snapshots?: SnapshotOps;
  /** The event bus, when the caller wires other publishers (image, volume, network services) to it. */
  readonly events?: EventBus;
  /** The engine's version (`Version`, `ServerVersion`); package.json's by default. */
  readonly version?: string;
  readonly hostName?: string;
  readonly hostResolvConf?: () => Promise<string>;
  readonly ps?: (args: readonly string[]) => Promise<string>;
  readonly warn?: (message: string) => void;
  /** Reported by `info` (the runtime driver knows which one it uses). */
  readonly cgroupDriver?: 'cgroupfs' | 'systemd';
  /** The OCI runtime new containers run on, for `version` and `info` (default runc). */
  readonly runtimeName?: 'runc' | 'crun';
}

type Delegated = 'images' | 'volumes' | 'networks';

export class BuiltinEngineCore implements EngineCore {
  private constructor(
    private readonly options: BuiltinEngineCoreOptions,
    readonly eventBus: EventBus,
    readonly containers: ContainerService,
    private readonly health: HealthMonitor,
    private readonly registry: ContainerRegistry,
  ) {}

  static async open(options: BuiltinEngineCoreOptions): Promise<BuiltinEngineCore> {
    const events = options.events ?? new EventBus();
    const health = new HealthMonitor();
    const registry = new ContainerRegistry(
      new RecordStore<ContainerRecord>(join(options.root, 'containers')),
    );
    const containers = new ContainerService({
      runtime: options.runtime,
      network: options.network,
      images: options.images,
      volumes: options.volumes,
      networks: options.networks,
      ports: options.ports,
      snapshots: options.snapshots ?? diskSnapshots(options.root),
      events,
      health,
      registry,
      hostName: options.hostName ?? hostname(),
      hostResolvConf:
        options.hostResolvConf ?? (() => readFile('/etc/resolv.conf', 'utf8').catch(() => '')),
      ps: options.ps ?? (async (args) => (await runCommand('ps', args)).stdout),
      warn: options.warn ?? ((message) => console.error(`tscompose engine: ${message}`)),
    });
    options.images.setInUseCheck((imageId) => containers.imageInUse(imageId));
    options.volumes.setInUseCheck((name) => containers.volumeUsers(name));
    options.networks.setEndpointsView((networkId) => containers.endpointsOn(networkId));
    await containers.recover();
    return new BuiltinEngineCore(options, events, containers, health, registry);
  }

  /** Stops the core's timers (healthchecks, pending restarts); containers keep running. */
  async close(): Promise<void> {
    this.health.stopAll();
    for (const record of this.registry.all()) this.containers.lifecycle.forget(record.id);
  }

  /**
   * The package version alone (`0.1.0`): clients parse `Version` and `ServerVersion` as
   * dotted numbers (compose, testcontainers, the tscompose CLI), so the product's name goes
   * where dockerd puts its own: `Platform.Name` (`docker version` prints it after "Server:").
   */
  private get engineVersion(): string {
    return this.options.version ?? packageVersion();
  }

  async version(): Promise<Record<string, unknown>> {
    const details = {
      ApiVersion: API_VERSION,
      Arch: goArch(),
      BuildTime: '',
      Experimental: 'false',
      GitCommit: '',
      GoVersion: `node${process.versions.node}`,
      KernelVersion: release(),
      MinAPIVersion: MIN_API_VERSION,
      Os: 'linux',
    };
    return {
      Platform: { Name: `tscompose built-in engine ${this.engineVersion}` },
      // `Engine` is the component name the docker CLI formats with the API and Go versions.
      Components: [
        { Name: 'Engine', Version: this.engineVersion, Details: details },
        {
          Name: 'tscompose',
          Version: this.engineVersion,
          Details: { Runtime: this.options.runtimeName ?? 'runc', Monitor: 'conmon' },
        },
      ],
      Version: this.engineVersion,
      ...details,
      // A string in the component's details, a boolean at the top (as dockerd sends them).
      Experimental: false,
    };
  }

  async info(): Promise<Record<string, unknown>> {
    const counts = this.containers.counts();
    const images = await this.options.images.listImages({ all: false, filters: new Map() });
    const cgroupV2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
    return {
      ID: createHash('sha256').update(this.options.root).digest('hex').slice(0, 36),
      Containers: counts.total,
      ContainersRunning: counts.running,
      ContainersPaused: counts.paused,
      ContainersStopped: counts.stopped,
      Images: images.length,
      Driver: 'overlay2',
      DriverStatus: [['Backing Filesystem', 'extfs']],
      Plugins: {
        Volume: ['local'],
        Network: ['bridge', 'host', 'null'],
        Authorization: null,
        Log: ['json-file'],
      },
      MemoryLimit: true,
      SwapLimit: true,
      CpuCfsPeriod: true,
      CpuCfsQuota: true,
      CPUShares: true,
      CPUSet: true,
      PidsLimit: true,
      IPv4Forwarding: true,
      Debug: false,
      SystemTime: new Date().toISOString(),
      LoggingDriver: 'json-file',
      CgroupDriver: this.options.cgroupDriver ?? 'cgroupfs',
      CgroupVersion: cgroupV2 ? '2' : '1',
      KernelVersion: release(),
      OperatingSystem: operatingSystem(),
      OSType: 'linux',
      Architecture: machine(),
      IndexServerAddress: 'https://index.docker.io/v1/',
      NCPU: cpus().length,
      MemTotal: totalmem(),
      DockerRootDir: this.options.root,
      Name: this.options.hostName ?? hostname(),
      Labels: [],
      ExperimentalBuild: false,
      ServerVersion: this.engineVersion,
      Runtimes: {
        [this.options.runtimeName ?? 'runc']: { path: this.options.runtimeName ?? 'runc' },
      },
      DefaultRuntime: this.options.runtimeName ?? 'runc',
      Swarm: { LocalNodeState: 'inactive', ControlAvailable: false, NodeID: '', NodeAddr: '' },
      // Containers keep running while the daemon is down (their monitors hold them).
      LiveRestoreEnabled: true,
      SecurityOptions: [],
      Warnings: [],
    };
  }

  // ─── containers ───────────────────────────────────────────────────────────
  listContainers: EngineCore['listContainers'] = (query) => this.containers.listContainers(query);
  createContainer: EngineCore['createContainer'] = (name, body) =>
    this.containers.createContainer(name, body);
  inspectContainer: EngineCore['inspectContainer'] = (ref, options) =>
    this.containers.inspectContainer(ref, options);
  startContainer: EngineCore['startContainer'] = (ref) => this.containers.startContainer(ref);
  stopContainer: EngineCore['stopContainer'] = (ref, options) =>
    this.containers.stopContainer(ref, options);
  restartContainer: EngineCore['restartContainer'] = (ref, options) =>
    this.containers.restartContainer(ref, options);
  killContainer: EngineCore['killContainer'] = (ref, signal) =>
    this.containers.killContainer(ref, signal);
  pauseContainer: EngineCore['pauseContainer'] = (ref) => this.containers.pauseContainer(ref);
  unpauseContainer: EngineCore['unpauseContainer'] = (ref) => this.containers.unpauseContainer(ref);
  renameContainer: EngineCore['renameContainer'] = (ref, name) =>
    this.containers.renameContainer(ref, name);
  removeContainer: EngineCore['removeContainer'] = (ref, options) =>
    this.containers.removeContainer(ref, options);
  waitContainer: EngineCore['waitContainer'] = (ref, condition, signal) =>
    this.containers.waitContainer(ref, condition, signal);
  containerLogs: EngineCore['containerLogs'] = (ref, query, signal) =>
    this.containers.containerLogs(ref, query, signal);
  attachContainer: EngineCore['attachContainer'] = (ref, query, signal) =>
    this.containers.attachContainer(ref, query, signal);
  resizeContainer: EngineCore['resizeContainer'] = (ref, size) =>
    this.containers.resizeContainer(ref, size);
  topContainer: EngineCore['topContainer'] = (ref, psArgs) =>
    this.containers.topContainer(ref, psArgs);
  statContainerPath: EngineCore['statContainerPath'] = (ref, path) =>
    this.containers.statContainerPath(ref, path);
  getContainerArchive: EngineCore['getContainerArchive'] = (ref, path, signal) =>
    this.containers.getContainerArchive(ref, path, signal);
  putContainerArchive: EngineCore['putContainerArchive'] = (ref, path, archive, options) =>
    this.containers.putContainerArchive(ref, path, archive, options);
  createExec: EngineCore['createExec'] = (ref, body) => this.containers.createExec(ref, body);
  startExec: EngineCore['startExec'] = (id, options, signal) =>
    this.containers.startExec(id, options, signal);
  resizeExec: EngineCore['resizeExec'] = (id, size) => this.containers.resizeExec(id, size);
  inspectExec: EngineCore['inspectExec'] = (id) => this.containers.inspectExec(id);
  connectNetwork: EngineCore['connectNetwork'] = (ref, body) =>
    this.containers.connectNetwork(ref, body);
  disconnectNetwork: EngineCore['disconnectNetwork'] = (ref, body) =>
    this.containers.disconnectNetwork(ref, body);

  // ─── networks, volumes, images: their services ─────────────────────────────
  private service<K extends Delegated>(kind: K): BuiltinEngineCoreOptions[K] {
    return this.options[kind];
  }
  listNetworks: EngineCore['listNetworks'] = (filters) =>
    this.service('networks').listNetworks(filters);
  inspectNetwork: EngineCore['inspectNetwork'] = (ref) =>
    this.service('networks').inspectNetwork(ref);
  createNetwork: EngineCore['createNetwork'] = (body) =>
    this.service('networks').createNetwork(body);
  removeNetwork: EngineCore['removeNetwork'] = (ref) => this.service('networks').removeNetwork(ref);
  pruneNetworks: EngineCore['pruneNetworks'] = (filters) =>
    this.service('networks').pruneNetworks(filters);
  listVolumes: EngineCore['listVolumes'] = (filters) =>
    this.service('volumes').listVolumes(filters);
  inspectVolume: EngineCore['inspectVolume'] = (name) =>
    this.service('volumes').inspectVolume(name);
  createVolume: EngineCore['createVolume'] = (body) => this.service('volumes').createVolume(body);
  removeVolume: EngineCore['removeVolume'] = (name, options) =>
    this.service('volumes').removeVolume(name, options);
  pruneVolumes: EngineCore['pruneVolumes'] = (filters) =>
    this.service('volumes').pruneVolumes(filters);
  listImages: EngineCore['listImages'] = (query) => this.service('images').listImages(query);
  inspectImage: EngineCore['inspectImage'] = (ref) => this.service('images').inspectImage(ref);
  removeImage: EngineCore['removeImage'] = (ref, options) =>
    this.service('images').removeImage(ref, options);
  tagImage: EngineCore['tagImage'] = (ref, repo, tag) =>
    this.service('images').tagImage(ref, repo, tag);
  pullImage: EngineCore['pullImage'] = (request, signal) =>
    this.service('images').pullImage(request, signal);
  importImage: EngineCore['importImage'] = (source, options, signal) =>
    this.service('images').importImage(source, options, signal);
  loadImages: EngineCore['loadImages'] = (source, options, signal) =>
    this.service('images').loadImages(source, options, signal);

  events(query: { since?: number; until?: number; filters: ApiFilters }, signal: AbortSignal) {
    return this.eventBus.stream(query, signal);
  }
}
