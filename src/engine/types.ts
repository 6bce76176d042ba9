/**
 * The engine port: everything tscompose asks of a container engine, in
 * backend-neutral terms. Planner and executor depend on these types only;
 * `engine/docker/` implements them on the Docker Engine API (which Podman and
 * the built-in engine also speak).
 */
import type { Readable, Writable } from 'node:stream';

/** Labels Docker Compose puts on what it creates; tscompose uses the same ones. */
export const Label = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configHash: 'com.docker.compose.config-hash',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  dependsOn: 'com.docker.compose.depends_on',
  image: 'com.docker.compose.image',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  version: 'com.docker.compose.version',
  replace: 'com.docker.compose.replace',
  /**
   * tscompose's own: the canonical JSON of the service fields the config hash
   * covers (docs/config-hash.md), so a later plan can name the fields that changed.
   */
  serviceConfig: 'io.tscompose.service-config',
} as const;

// ---------------------------------------------------------------- what we ask for

export interface PortBinding {
  readonly target: number;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  /** Host port or range ("8000-8010"); absent = the engine picks one (ephemeral). */
  readonly published?: string;
  readonly hostIp?: string;
}

export type MountSpec =
  | {
      readonly type: 'bind';
      readonly source: string;
      readonly target: string;
      readonly readOnly: boolean;
      readonly createHostPath: boolean;
      readonly propagation?: string;
      readonly selinux?: 'z' | 'Z';
    }
  | {
      readonly type: 'volume';
      readonly source?: string;
      readonly target: string;
      readonly readOnly: boolean;
      readonly noCopy: boolean;
      readonly subpath?: string;
    }
  | {
      readonly type: 'tmpfs';
      readonly target: string;
      readonly sizeBytes?: number;
      readonly mode?: number;
    }
  | {
      readonly type: 'npipe' | 'cluster' | 'image';
      readonly source?: string;
      readonly target: string;
      readonly readOnly: boolean;
    };

export interface NetworkAttachment {
  /** Engine-side network name (`<project>_<key>` or external name). */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
  readonly linkLocalIps?: readonly string[];
  readonly macAddress?: string;
  readonly priority?: number;
}

export interface HealthcheckSpec {
  /** `['NONE']` disables the image's healthcheck. */
  readonly test: readonly string[];
  /** All durations in nanoseconds, as the Engine API takes them. */
  readonly intervalNs?: number;
  readonly timeoutNs?: number;
  readonly startPeriodNs?: number;
  readonly startIntervalNs?: number;
  readonly retries?: number;
}

/**
 * A container as the planner decides it: engine-neutral, fully resolved (names,
 * labels, environment), so a backend only translates. Fields a backend cannot
 * express are reported by it as warnings naming them.
 */
export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `KEY=VALUE` entries; keys without a value are already dropped. */
  readonly env: readonly string[];
  /** `undefined` = the image's; `[]` = explicitly empty. */
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly workingDir?: string;
  readonly user?: string;
  readonly hostname?: string;
  readonly domainname?: string;
  readonly tty: boolean;
  readonly stdinOpen: boolean;
  readonly init?: boolean;
  readonly privileged: boolean;
  readonly readOnly: boolean;
  readonly stopSignal?: string;
  readonly stopTimeoutSeconds?: number;
  readonly ports: readonly PortBinding[];
  readonly expose: readonly string[];
  readonly mounts: readonly MountSpec[];
  /** `network_mode` resolved: `bridge`, `host`, `none`, `container:<id-or-name>`, or undefined = attach `networks`. */
  readonly networkMode?: string;
  readonly networks: readonly NetworkAttachment[];
  readonly healthcheck?: HealthcheckSpec;
  readonly restart?: {
    readonly name: 'no' | 'always' | 'on-failure' | 'unless-stopped';
    readonly maximumRetryCount?: number;
  };
  /** Everything else of the service the backend may translate (caps, ulimits, devices, dns, extra_hosts, logging, resources, pid, ipc, cgroup, sysctls, security_opt, shm_size, platform, volumes_from, links, ...), keyed by Compose field name, already resolved (`service:x` → `container:<name>`). */
  readonly extra: Readonly<Record<string, unknown>>;
}

export interface NetworkSpec {
  readonly name: string;
  readonly driver?: string;
  readonly driverOpts?: Readonly<Record<string, string>>;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly enableIpv6?: boolean;
  readonly ipam?: {
    readonly driver?: string;
    readonly config: readonly Readonly<Record<string, unknown>>[];
    readonly options?: Readonly<Record<string, string>>;
  };
  readonly labels: Readonly<Record<string, string>>;
}

export interface VolumeSpec {
  readonly name: string;
  readonly driver?: string;
  readonly driverOpts?: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

// ---------------------------------------------------------------- what the engine reports

export type ContainerState =
  'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export type HealthState = 'starting' | 'healthy' | 'unhealthy' | 'none';

export interface ContainerSummary {
  readonly id: string;
  readonly name: string;
  readonly imageId: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: ContainerState;
  /** From the list call's status text when present ("(healthy)"); `undefined` when unknown. */
  readonly health?: HealthState;
  readonly exitCode?: number;
  readonly created: number;
  /** Engine-side names of the networks it is attached to. */
  readonly networks: readonly string[];
  /** Volume names it mounts (named and anonymous). */
  readonly volumes: readonly string[];
}

export interface NetworkSummary {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface VolumeSummary {
  readonly name: string;
  readonly driver: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ImageSummary {
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  readonly created: number;
  readonly labels: Readonly<Record<string, string>>;
}

export interface EngineVersionInfo {
  readonly version: string;
  readonly apiVersion: string;
  readonly os: string;
  readonly arch: string;
}

export interface EngineEvent {
  readonly type: 'container' | 'network' | 'volume' | 'image' | string;
  readonly action: string;
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly timeNano: number;
}

export interface ExecSpec {
  readonly command: readonly string[];
  readonly env?: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly privileged?: boolean;
  readonly tty?: boolean;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

/** Progress of a pull/build/push, one event per engine message. */
export interface ProgressEvent {
  readonly id?: string;
  readonly status?: string;
  readonly current?: number;
  readonly total?: number;
  readonly message?: string;
}

/** A warning from a backend, e.g. a field it cannot honour. */
export type EngineWarningSink = (message: string) => void;

/** The engine port. Every method rejects with `EngineError` (see errors.ts), never a raw transport error. */
export interface Engine {
  readonly endpoint: string;
  version(): Promise<EngineVersionInfo>;

  listContainers(filter: {
    readonly project?: string;
    readonly labels?: readonly string[];
    readonly all: boolean;
  }): Promise<ContainerSummary[]>;
  inspectContainer(idOrName: string): Promise<Readonly<Record<string, unknown>>>;
  createContainer(spec: ContainerSpec, warn: EngineWarningSink): Promise<{ readonly id: string }>;
  /** What this backend would ignore of a spec, one sentence per field, without creating anything (for plans and --dry-run). */
  unsupportedFields(spec: ContainerSpec): Promise<string[]>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, options: { readonly timeoutSeconds?: number }): Promise<void>;
  killContainer(id: string, signal: string): Promise<void>;
  removeContainer(
    id: string,
    options: { readonly force: boolean; readonly volumes: boolean },
  ): Promise<void>;
  renameContainer(id: string, name: string): Promise<void>;
  waitContainer(
    id: string,
    condition: 'not-running' | 'next-exit' | 'removed',
  ): Promise<{ readonly exitCode: number }>;
  pauseContainer(id: string): Promise<void>;
  unpauseContainer(id: string): Promise<void>;
  containerLogs(
    id: string,
    options: {
      readonly follow: boolean;
      readonly tail?: number;
      readonly since?: number;
      readonly timestamps: boolean;
    },
  ): Promise<Readable>;
  exec(id: string, spec: ExecSpec): Promise<{ readonly exitCode: number }>;
  putArchive(id: string, path: string, tar: Readable): Promise<void>;
  getArchive(id: string, path: string): Promise<Readable>;
  top(id: string): Promise<{
    readonly titles: readonly string[];
    readonly processes: readonly (readonly string[])[];
  }>;

  listNetworks(filter: {
    readonly project?: string;
    readonly names?: readonly string[];
  }): Promise<NetworkSummary[]>;
  inspectNetwork(idOrName: string): Promise<Readonly<Record<string, unknown>>>;
  createNetwork(spec: NetworkSpec): Promise<{ readonly id: string }>;
  removeNetwork(idOrName: string): Promise<void>;
  connectNetwork(network: string, container: string, attachment: NetworkAttachment): Promise<void>;
  disconnectNetwork(
    network: string,
    container: string,
    options: { readonly force: boolean },
  ): Promise<void>;

  listVolumes(filter: {
    readonly project?: string;
    readonly names?: readonly string[];
  }): Promise<VolumeSummary[]>;
  inspectVolume(name: string): Promise<Readonly<Record<string, unknown>>>;
  createVolume(spec: VolumeSpec): Promise<void>;
  removeVolume(name: string, options: { readonly force: boolean }): Promise<void>;

  listImages(filter: {
    readonly references?: readonly string[];
    readonly labels?: readonly string[];
  }): Promise<ImageSummary[]>;
  inspectImage(reference: string): Promise<ImageSummary | undefined>;
  pullImage(
    reference: string,
    options: { readonly platform?: string; readonly auth?: Readonly<Record<string, string>> },
    onProgress: (event: ProgressEvent) => void,
  ): Promise<void>;
  pushImage(
    reference: string,
    options: { readonly auth?: Readonly<Record<string, string>> },
    onProgress: (event: ProgressEvent) => void,
  ): Promise<void>;
  buildImage(
    context: Readable,
    options: Readonly<Record<string, unknown>>,
    onProgress: (event: ProgressEvent) => void,
  ): Promise<{ readonly imageId: string }>;
  removeImage(reference: string, options: { readonly force: boolean }): Promise<void>;

  events(
    filter: { readonly project?: string; readonly since?: number },
    signal: AbortSignal,
  ): AsyncIterable<EngineEvent>;
}
