/**
 * The machinery's ports (see ports.ts): what the daemon core calls to run
 * containers (runtime/), wire networks (network/), answer names (dns/) and
 * publish ports (ports/).
 */
import type { Writable } from 'node:stream';
import type { LogQuery, OutputChunk } from './seam-engine-core.js';

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
