/**
 * The API facade's port (see ports.ts): what the HTTP routes call on the
 * daemon core, in the Docker Engine API v1.41's JSON shapes.
 */
import type Dockerode from 'dockerode';
import type { Readable, Writable } from 'node:stream';

// ─── The facade's port: what the HTTP routes call ────────────────────────────

/** `filters` query parameter, decoded: key → accepted values (Docker's map and list forms). */
export type ApiFilters = ReadonlyMap<string, readonly string[]>;

/** An error the facade turns into `{"message": ...}` with this HTTP status. */
export class EngineApiError extends Error {
  constructor(
    readonly status: 304 | 400 | 401 | 403 | 404 | 409 | 500 | 501 | 503,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineApiError';
  }
}

export type StdStream = 'stdin' | 'stdout' | 'stderr';

/** One chunk of a container's or exec's output, tagged with its stream. */
export interface OutputChunk {
  readonly stream: 'stdout' | 'stderr';
  readonly data: Buffer;
  /** RFC 3339 with nanoseconds, when known (logs). */
  readonly time?: string;
}

export interface LogQuery {
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly follow: boolean;
  /** Unix seconds (fractional allowed), 0 = no bound. */
  readonly since: number;
  readonly until: number;
  /** Number of last lines, or 'all'. */
  readonly tail: number | 'all';
  readonly timestamps: boolean;
}

/** A stream session on a hijacked connection (attach, exec start). */
export interface StreamSession {
  /** With a TTY the output is raw (no stdcopy frames) and all of it is `stdout`. */
  readonly tty: boolean;
  readonly output: AsyncIterable<OutputChunk>;
  /** Present when the client asked for stdin and the process takes it. */
  readonly stdin?: Writable;
  /** Resolves when the session's output is over (process exited or detached). */
  readonly done: Promise<void>;
}

export interface WaitResult {
  readonly StatusCode: number;
  readonly Error?: { readonly Message: string };
}

export interface EngineEvent {
  readonly Type: 'container' | 'network' | 'volume' | 'image' | 'daemon';
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes: Readonly<Record<string, string>> };
  readonly scope: 'local';
  readonly time: number;
  readonly timeNano: number;
  /** Legacy fields the CLI and docker-py still read for containers. */
  readonly status?: string;
  readonly id?: string;
  readonly from?: string;
}

export interface PullRequest {
  readonly fromImage: string;
  readonly tag?: string;
  readonly platform?: string;
  /** The decoded X-Registry-Auth header, when sent. */
  readonly auth?: {
    username?: string;
    password?: string;
    identitytoken?: string;
    serveraddress?: string;
  };
}

/** One line of the Engine's JSON progress stream (pull, load, import). */
export interface ProgressMessage {
  readonly status?: string;
  readonly id?: string;
  readonly progress?: string;
  readonly progressDetail?: { current?: number; total?: number };
  readonly stream?: string;
  readonly error?: string;
  readonly errorDetail?: { message: string };
  readonly aux?: unknown;
}

/** What `HEAD /containers/{id}/archive` sends (base64 JSON in `X-Docker-Container-Path-Stat`). */
export interface ContainerPathStat {
  readonly name: string;
  readonly size: number;
  /** Go's os.FileMode: permission bits plus type bits (directory 1<<31, symlink 1<<27, …). */
  readonly mode: number;
  /** RFC 3339 with nanoseconds. */
  readonly mtime: string;
  /** A symlink's target, resolved inside the container, absolute; '' otherwise. */
  readonly linkTarget: string;
}

/**
 * Everything the Engine API facade needs from the daemon. Names are resolved
 * by the core (full id, unique id prefix, or name with or without '/');
 * missing objects throw EngineApiError(404), conflicts 409, bad input 400.
 */
export interface EngineCore {
  version(): Promise<Record<string, unknown>>;
  info(): Promise<Record<string, unknown>>;

  listContainers(query: {
    all: boolean;
    limit?: number;
    size: boolean;
    filters: ApiFilters;
  }): Promise<Dockerode.ContainerInfo[]>;
  createContainer(
    name: string | undefined,
    body: Dockerode.ContainerCreateOptions,
  ): Promise<{ Id: string; Warnings: string[] }>;
  inspectContainer(
    ref: string,
    options?: { size?: boolean },
  ): Promise<Dockerode.ContainerInspectInfo>;
  /** 'unchanged' becomes 304 Not Modified. */
  startContainer(ref: string): Promise<'started' | 'unchanged'>;
  stopContainer(
    ref: string,
    options: { signal?: string; timeoutSeconds?: number },
  ): Promise<'stopped' | 'unchanged'>;
  restartContainer(
    ref: string,
    options: { signal?: string; timeoutSeconds?: number },
  ): Promise<void>;
  killContainer(ref: string, signal?: string): Promise<void>;
  pauseContainer(ref: string): Promise<void>;
  unpauseContainer(ref: string): Promise<void>;
  renameContainer(ref: string, newName: string): Promise<void>;
  removeContainer(ref: string, options: { force: boolean; volumes: boolean }): Promise<void>;
  /** Resolves with the exit status for `condition`; rejects with AbortError when `signal` aborts. */
  waitContainer(
    ref: string,
    condition: 'not-running' | 'next-exit' | 'removed',
    signal: AbortSignal,
  ): Promise<WaitResult>;
  containerLogs(
    ref: string,
    query: LogQuery,
    signal: AbortSignal,
  ): Promise<{ tty: boolean; output: AsyncIterable<OutputChunk> }>;
  attachContainer(
    ref: string,
    query: { stream: boolean; logs: boolean; stdin: boolean; stdout: boolean; stderr: boolean },
    signal: AbortSignal,
  ): Promise<StreamSession>;
  resizeContainer(ref: string, size: { height: number; width: number }): Promise<void>;
  topContainer(ref: string, psArgs?: string): Promise<{ Titles: string[]; Processes: string[][] }>;
  /** The stat of a path in the container (running or not); 404 `Could not find the file …`. */
  statContainerPath(ref: string, path: string): Promise<ContainerPathStat>;
  /** A tar of the path, its root entry named by the path's base name; the stat for the header. */
  getContainerArchive(
    ref: string,
    path: string,
    signal: AbortSignal,
  ): Promise<{ stat: ContainerPathStat; archive: Readable }>;
  /** Extracts a tar into an existing directory of the container; resolves once all of it is written. */
  putContainerArchive(
    ref: string,
    path: string,
    archive: Readable,
    options: { noOverwriteDirNonDir: boolean; copyUidGid: boolean },
    signal: AbortSignal,
  ): Promise<void>;

  createExec(ref: string, body: Dockerode.ExecCreateOptions): Promise<{ Id: string }>;
  startExec(
    execId: string,
    options: { detach: boolean; tty: boolean },
    signal: AbortSignal,
  ): Promise<StreamSession>;
  resizeExec(execId: string, size: { height: number; width: number }): Promise<void>;
  inspectExec(execId: string): Promise<Dockerode.ExecInspectInfo>;

  listNetworks(filters: ApiFilters): Promise<Dockerode.NetworkInspectInfo[]>;
  inspectNetwork(ref: string): Promise<Dockerode.NetworkInspectInfo>;
  createNetwork(body: Dockerode.NetworkCreateOptions): Promise<{ Id: string; Warning: string }>;
  removeNetwork(ref: string): Promise<void>;
  connectNetwork(
    ref: string,
    body: { Container: string; EndpointConfig?: Dockerode.EndpointSettings },
  ): Promise<void>;
  disconnectNetwork(ref: string, body: { Container: string; Force?: boolean }): Promise<void>;
  pruneNetworks(filters: ApiFilters): Promise<{ NetworksDeleted: string[] }>;

  listVolumes(
    filters: ApiFilters,
  ): Promise<{ Volumes: Dockerode.VolumeInspectInfo[]; Warnings: string[] }>;
  inspectVolume(name: string): Promise<Dockerode.VolumeInspectInfo>;
  createVolume(body: Dockerode.VolumeCreateOptions): Promise<Dockerode.VolumeInspectInfo>;
  removeVolume(name: string, options: { force: boolean }): Promise<void>;
  pruneVolumes(filters: ApiFilters): Promise<{ VolumesDeleted: string[]; SpaceReclaimed: number }>;

  listImages(query: { all: boolean; filters: ApiFilters }): Promise<Dockerode.ImageInfo[]>;
  inspectImage(ref: string): Promise<Dockerode.ImageInspectInfo>;
  removeImage(
    ref: string,
    options: { force: boolean; noprune: boolean },
  ): Promise<Array<{ Untagged: string } | { Deleted: string }>>;
  tagImage(ref: string, repo: string, tag: string | undefined): Promise<void>;
  /** POST /images/create?fromImage=: the Engine's progress stream; errors in-band. */
  pullImage(request: PullRequest, signal: AbortSignal): AsyncIterable<ProgressMessage>;
  /** POST /images/create?fromSrc=-: a root file system tar becomes a one-layer image. */
  importImage(
    source: Readable,
    options: { repo?: string; tag?: string; changes: string[]; message?: string },
    signal: AbortSignal,
  ): AsyncIterable<ProgressMessage>;
  /** POST /images/load: a `docker save` or OCI archive. */
  loadImages(
    source: Readable,
    options: { quiet: boolean },
    signal: AbortSignal,
  ): AsyncIterable<ProgressMessage>;

  events(
    query: { since?: number; until?: number; filters: ApiFilters },
    signal: AbortSignal,
  ): AsyncIterable<EngineEvent>;
}
