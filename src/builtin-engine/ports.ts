/**
 * The seams inside the built-in engine daemon (issue 8).
 *
 *   HTTP facade (api/)  ──EngineCore──▶  daemon core (daemon/)
 *                                            │
 *        ┌───────────────┬──────────────────┼──────────────────┬──────────────┐
 *   RuntimeDriver   NetworkDriver        NameServer         PortPublisher   image store,
 *   (runtime/:      (network/: bridges,  (dns/: a DNS       (ports/: a      snapshots,
 *   runc + conmon)  netns, veth, IPAM,   responder per      userland        registry
 *                   own iptables chain)  network)           proxy)          (existing)
 *
 * The facade only routes HTTP and streams; the core owns state and calls the
 * machinery below it through these interfaces, so each side can be built and
 * tested alone (the core's unit tests use in-memory fakes of the drivers; the
 * drivers' own tests run the real tools as root).
 *
 * JSON shapes that clients read are the Docker Engine API v1.41 shapes; the
 * `Dockerode` namespace types describe them closely enough to type the seams
 * (the core may return extra fields the Engine also returns).
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

// ─── The machinery's ports: what the core calls ──────────────────────────────

export interface MountSpec {
  readonly type: 'bind' | 'tmpfs';
  /** Host path for binds; ignored for tmpfs. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** Extra mount options (tmpfs `size=…`, `mode=…`; bind propagation `rprivate` …). */
  readonly options?: readonly string[];
}

export interface ResourceLimits {
  readonly memoryBytes?: number;
  readonly memorySwapBytes?: number;
  readonly memoryReservationBytes?: number;
  readonly cpuShares?: number;
  readonly cpuQuota?: number;
  readonly cpuPeriod?: number;
  readonly cpusetCpus?: string;
  readonly pidsLimit?: number;
}

export type NetworkNamespace =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'host' }
  /** A fresh namespace with loopback only (`network_mode: none`). */
  | { readonly kind: 'none' };

export interface ContainerRuntimeSpec {
  /** 64 hex digits; also the runtime's container id. */
  readonly id: string;
  /** A directory the driver owns for this container (config.json, pid file, monitor files). */
  readonly bundleDir: string;
  /** The mounted overlay root. */
  readonly rootfs: string;
  readonly readonlyRootfs: boolean;
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  /** As in the image/create body: '', 'name', 'uid', 'uid:gid', 'name:group'; resolved against rootfs /etc/passwd and /etc/group. */
  readonly user: string;
  readonly groupAdd: readonly string[];
  readonly hostname: string;
  readonly domainname?: string;
  readonly tty: boolean;
  /** Keep stdin open for attach (OpenStdin). */
  readonly openStdin: boolean;
  /** StdinOnce: the container's stdin closes when the first attached client's stdin ends (`docker run -i`). */
  readonly stdinOnce?: boolean;
  /** Includes the /etc/hosts, /etc/hostname and /etc/resolv.conf binds the core prepared. */
  readonly mounts: readonly MountSpec[];
  readonly network: NetworkNamespace;
  readonly privileged: boolean;
  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly sysctls: Readonly<Record<string, string>>;
  readonly shmSizeBytes?: number;
  readonly limits: ResourceLimits;
  /** Where the monitor writes output (one file; format is the runtime module's). */
  readonly logPath: string;
}

export interface ExitInfo {
  readonly exitCode: number;
  /** ISO time of the exit as the monitor recorded it. */
  readonly finishedAt: string;
  readonly oomKilled: boolean;
}

export type RuntimeStatus = 'creating' | 'created' | 'running' | 'paused' | 'stopped';

export interface ExecRequest {
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly cwd?: string;
  readonly user?: string;
  readonly tty: boolean;
  readonly stdin: boolean;
  readonly privileged: boolean;
}

export interface ExecHandle {
  readonly pid: number;
  readonly stdin?: Writable;
  /** Ends when the process's output is closed. With a TTY everything is `stdout`. */
  readonly output: AsyncIterable<OutputChunk>;
  readonly exit: Promise<number>;
  resize(size: { height: number; width: number }): Promise<void>;
}

/** runc (crun where it works) plus a monitor that outlives the daemon. */
export interface RuntimeDriver {
  /** Creates and starts the container under its monitor; resolves once the process runs. */
  start(spec: ContainerRuntimeSpec): Promise<{ pid: number }>;
  /** Resolves when the container's process has exited, also for exits that happened while the daemon was down. */
  waitExit(id: string, bundleDir: string): Promise<ExitInfo>;
  kill(id: string, signal: string): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Removes the runtime's record and the monitor's leftovers; the container must have exited. */
  delete(id: string, bundleDir: string): Promise<void>;
  status(id: string): Promise<RuntimeStatus | undefined>;
  exec(id: string, request: ExecRequest): Promise<ExecHandle>;
  /** Output recorded by the monitor, for logs and attach (follow = keep reading until `signal` aborts or the container exits). */
  readLogs(logPath: string, query: LogQuery, signal: AbortSignal): AsyncIterable<OutputChunk>;
  /** `ps` inside the container: pids on the host for top. */
  pids(id: string): Promise<number[]>;
}

export interface BridgeSpec {
  /** Linux interface name, ≤ 15 chars (e.g. `tsc-<12 hex>`). */
  readonly bridge: string;
  readonly subnet: string;
  readonly gateway: string;
  /** No route out: no masquerade, no forwarding to other interfaces. */
  readonly internal: boolean;
}

export interface EndpointSpec {
  readonly bridge: string;
  /** Interface name inside the container (eth0, eth1, …). */
  readonly ifname: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly mac: string;
  /** Only the first endpoint of a container carries the default route. */
  readonly defaultRoute: boolean;
}

/** Linux bridges, network namespaces, veth pairs and the engine's own firewall chain. */
export interface NetworkDriver {
  /** Creates the bridge with the gateway address and the accept/masquerade rules; idempotent. */
  ensureBridge(spec: BridgeSpec): Promise<void>;
  removeBridge(bridge: string): Promise<void>;
  /** A new network namespace for a container, with loopback up; returns its path. */
  createNamespace(containerId: string): Promise<string>;
  /** Where the container's namespace is (or will be, see attach's createNamespace). */
  namespacePath(containerId: string): string;
  /** With the interfaces the container has (eth0 …), removal can take one step. */
  removeNamespace(containerId: string, ifnames?: readonly string[]): Promise<void>;
  /** With `createNamespace: <container id>`, creates that container's namespace first (fewer spawns than createNamespace + attach). */
  attach(
    namespacePath: string,
    endpoint: EndpointSpec,
    options?: { createNamespace?: string },
  ): Promise<void>;
  detach(namespacePath: string, ifname: string): Promise<void>;
  /** Subnets in use on the host (routes, other bridges incl. Docker's), for IPAM. */
  hostSubnets(): Promise<string[]>;
  /** Removes every rule the engine added (daemon shutdown). */
  teardownFirewall(): Promise<void>;
}

export interface NameRecord {
  readonly name: string;
  readonly addresses: readonly string[];
}

/** A DNS responder per network, listening on the network's gateway address. */
export interface NameServer {
  serve(networkId: string, listenAddress: string): Promise<void>;
  /** Replaces the names a network answers (service names, aliases, container names, hostnames). */
  setRecords(networkId: string, records: readonly NameRecord[]): void;
  stop(networkId: string): Promise<void>;
  close(): Promise<void>;
}

export interface PortBinding {
  readonly protocol: 'tcp' | 'udp';
  /** '' or '0.0.0.0' = all IPv4 addresses. */
  readonly hostIp: string;
  /** 0 = pick a free port. */
  readonly hostPort: number;
  readonly targetAddress: string;
  readonly targetPort: number;
}

/** Published ports as userland proxies. */
export interface PortPublisher {
  /** Binds the host side; resolves with the port actually bound; rejects (EADDRINUSE …) with a clear message. */
  publish(owner: string, binding: PortBinding): Promise<{ hostIp: string; hostPort: number }>;
  /** Closes every binding of `owner` (a container id). */
  unpublish(owner: string): Promise<void>;
  close(): Promise<void>;
}

// ─── Inside the daemon core: the resource services the container service uses ─

/** What the container service needs from an image (the image service resolves references). */
export interface ResolvedImage {
  /** `sha256:…` config digest, as `docker inspect` shows it. */
  readonly id: string;
  /** The reference as the client wrote it, for `Config.Image`. */
  readonly reference: string;
  /** The OCI/Docker image config's `config` object (Env, Cmd, Entrypoint, WorkingDir, User, ExposedPorts, Volumes, Healthcheck, Labels, StopSignal). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Unpacked layer directories, top layer first (overlay lowerdir order), ready for a snapshot. */
  lowerDirs(): Promise<string[]>;
}

/** The image endpoints, plus what the container service needs from images. */
export interface ImageService extends Pick<
  EngineCore,
  | 'listImages'
  | 'inspectImage'
  | 'removeImage'
  | 'tagImage'
  | 'pullImage'
  | 'importImage'
  | 'loadImages'
> {
  /** 404 EngineApiError `No such image: <ref>` when absent. */
  resolve(reference: string): Promise<ResolvedImage>;
  /** Containers using an image block its removal unless forced: the container service registers a check. */
  setInUseCheck(
    check: (imageId: string) => { containerId: string; running: boolean } | undefined,
  ): void;
}

export interface VolumeMountSource {
  readonly name: string;
  /** Host directory bind-mounted into the container (`…/volumes/<name>/_data`). */
  readonly hostPath: string;
  readonly created: boolean;
}

/** The volume endpoints, plus named and anonymous volumes for container mounts. */
export interface VolumeService extends Pick<
  EngineCore,
  'listVolumes' | 'inspectVolume' | 'createVolume' | 'removeVolume' | 'pruneVolumes'
> {
  /** A named volume (created if missing, like `docker run -v name:/x`), or a new anonymous one when `name` is undefined. */
  ensure(
    name: string | undefined,
    options?: { labels?: Record<string, string>; anonymous?: boolean },
  ): Promise<VolumeMountSource>;
  /** The container service tells which volumes its containers use (removal → 409 "volume is in use"). */
  setInUseCheck(check: (volumeName: string) => string[]): void;
}

export interface EndpointAllocation {
  readonly networkId: string;
  readonly networkName: string;
  readonly endpointId: string;
  readonly bridge: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly mac: string;
}

/** The network endpoints, plus address allocation and DNS names for containers. */
export interface NetworkService extends Pick<
  EngineCore,
  'listNetworks' | 'inspectNetwork' | 'createNetwork' | 'removeNetwork' | 'pruneNetworks'
> {
  /** By id, id prefix or name; 404 when missing. */
  resolve(ref: string): Promise<{ id: string; name: string; driver: string; internal: boolean }>;
  /** Ensures the bridge exists (NetworkDriver.ensureBridge) and reserves an address (the requested one when given). */
  allocate(
    networkId: string,
    containerId: string,
    request: { ipv4Address?: string; mac?: string },
  ): Promise<EndpointAllocation>;
  release(networkId: string, containerId: string): Promise<void>;
  /** Replaces the DNS names one container answers to on one network (empty = remove). */
  setNames(networkId: string, containerId: string, names: readonly string[], address: string): void;
  /** The container service says which containers are attached (removal → 409 "has active endpoints"); `inspect` lists them. */
  setEndpointsView(
    view: (
      networkId: string,
    ) => Array<{ containerId: string; name: string; allocation: EndpointAllocation }>,
  ): void;
  /** The default `bridge` network, created on first use like Docker's. */
  defaultNetwork(): Promise<{ id: string; name: string }>;
}
