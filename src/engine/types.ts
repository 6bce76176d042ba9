/**
 * The engine port: everything tscompose asks of a container engine, in
 * backend-neutral terms. Planner and executor depend on these types only;
 * `engine/docker/` implements them on the Docker Engine API (which Podman and
 * the built-in engine also speak).
 */
import type { Readable } from 'node:stream';
import type { ContainerSpec, NetworkAttachment, NetworkSpec, VolumeSpec } from './specs.js';
import type {
  AttachSpec,
  ContainerAttachment,
  ContainerPathStat,
  ExecSpec,
  LogChunkStream,
} from './streams.js';

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

/** The specs and stream types are part of the port's vocabulary: importers of the port get them too. */
export * from './specs.js';
export * from './streams.js';

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
  /** The engine's own status text ("Up 4 seconds (healthy)") when the backend has one. */
  readonly statusText?: string;
  /** The command line as the list call shows it; `undefined` when the backend does not say. */
  readonly command?: string;
  /** Published ports as the list call shows them; `undefined` when the backend does not say. */
  readonly ports?: readonly PublishedPort[];
}

/** One published port of a container, as the engine's container list reports it. */
export interface PublishedPort {
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: string;
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
  /** Unix seconds. */
  readonly created: number;
  readonly labels: Readonly<Record<string, string>>;
  /** When the image was last pulled or tagged (inspect `Metadata.LastTagTime`), Unix seconds; only from an inspect. */
  readonly lastTagTime?: number;
  /** Bytes. */
  readonly size?: number;
  /** `linux/amd64`, `linux/arm/v7`; only from an inspect. */
  readonly platform?: string;
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

/** Progress of a pull/build/push, one event per engine message. */
export interface ProgressEvent {
  readonly id?: string;
  readonly status?: string;
  readonly current?: number;
  readonly total?: number;
  readonly message?: string;
}

/** `POST /build` query parameters (`t`, `dockerfile`, …), plus credentials for the base images. */
export type BuildImageOptions = Readonly<Record<string, unknown>> & {
  /** Registry key → auth config, sent as the `X-Registry-Config` header (never in the URL); empty: none. */
  readonly registryConfig?: Readonly<Record<string, Readonly<Record<string, string>>>>;
};

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
  ): Promise<LogChunkStream>;
  exec(id: string, spec: ExecSpec): Promise<{ readonly exitCode: number }>;
  /** Connects to a container's streams (before or after it starts). */
  attachContainer(id: string, spec: AttachSpec): Promise<ContainerAttachment>;
  /** Extracts a tar archive into a directory of the container; `copyUidGid` keeps the archive's owners (`cp -a`). */
  putArchive(
    id: string,
    path: string,
    tar: Readable,
    options?: { readonly copyUidGid?: boolean },
  ): Promise<void>;
  getArchive(id: string, path: string): Promise<Readable>;
  /** What a path inside the container is; undefined when it does not exist. */
  statContainerPath(id: string, path: string): Promise<ContainerPathStat | undefined>;
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
    options: BuildImageOptions,
    onProgress: (event: ProgressEvent) => void,
  ): Promise<{ readonly imageId: string }>;
  removeImage(reference: string, options: { readonly force: boolean }): Promise<void>;

  /** `since`/`until` are Unix seconds; with `until` the stream ends at that time. */
  events(
    filter: { readonly project?: string; readonly since?: number; readonly until?: number },
    signal: AbortSignal,
  ): AsyncIterable<EngineEvent>;
}
