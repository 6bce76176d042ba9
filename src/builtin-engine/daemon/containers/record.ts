/**
 * A container as the daemon keeps it on disk (one RecordStore file per
 * container under `<root>/containers/<id>.json`). Everything `docker inspect`
 * shows is derived from this record, so it keeps the create body's Config,
 * HostConfig and NetworkingConfig as received (after the image-config merge)
 * plus the state the daemon observed. Times are RFC 3339 strings; Docker's
 * "never" is the Go zero time below.
 */
import type Dockerode from 'dockerode';
import type { EndpointAllocation } from '../../ports.js';

export const ZERO_TIME = '0001-01-01T00:00:00Z';

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead';

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

export interface HealthLogEntry {
  readonly Start: string;
  readonly End: string;
  readonly ExitCode: number;
  readonly Output: string;
}

export interface HealthState {
  Status: HealthStatus;
  FailingStreak: number;
  Log: HealthLogEntry[];
}

export interface ContainerState {
  Status: ContainerStatus;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
  OOMKilled: boolean;
  Health?: HealthState;
}

/** The container's Config after the merge with the image config (Docker's field names). */
export type ContainerConfig = Omit<
  Dockerode.ContainerCreateOptions,
  'name' | 'platform' | 'HostConfig' | 'NetworkingConfig' | 'abortSignal' | 'Entrypoint' | 'Cmd'
> & {
  Image: string;
  Env: string[];
  Cmd: string[] | null;
  Entrypoint: string[] | null;
  Labels: Record<string, string>;
  WorkingDir: string;
  User: string;
};

/** One network the container is (or will be, once started) attached to. */
export interface EndpointRecord {
  readonly networkId: string;
  readonly networkName: string;
  /** The endpoint config as the client sent it (IPAMConfig, Aliases, Links, MacAddress, DriverOpts). */
  readonly config: Dockerode.EndpointSettings;
  /** Present while the container runs: the address the network service reserved. */
  allocation?: EndpointAllocation;
  /** The interface inside the container while it runs (eth0, eth1, …). */
  ifname?: string;
}

export interface MountRecord {
  readonly Type: 'bind' | 'volume' | 'tmpfs';
  readonly Name?: string;
  readonly Source: string;
  readonly Destination: string;
  readonly Driver?: string;
  readonly Mode: string;
  readonly RW: boolean;
  readonly Propagation: string;
  /** A volume made for this container only (image VOLUME or `-v /path`): removed with `rm -v`. */
  readonly anonymous?: boolean;
  /** tmpfs mount options (`size=…`, `mode=…`). */
  readonly options?: readonly string[];
  /** A bind whose missing source directory start creates (`Binds`, not typed `Mounts`). */
  readonly createSource?: boolean;
  /** Not listed in `Mounts` (Docker lists `HostConfig.Tmpfs` entries only there). */
  readonly hidden?: boolean;
}

/** A published port while the container runs. */
export interface PublishedPort {
  /** `80/tcp` */
  readonly port: string;
  readonly hostIp: string;
  readonly hostPort: number;
}

export interface ContainerRecord {
  readonly id: string;
  /** Without the leading '/'. */
  name: string;
  readonly created: string;
  readonly image: { readonly id: string; readonly reference: string };
  readonly path: string;
  readonly args: string[];
  readonly config: ContainerConfig;
  readonly hostConfig: Dockerode.HostConfig;
  state: ContainerState;
  restartCount: number;
  /** Network name → endpoint, in the order they were attached (the first carries the default route). */
  networks: Record<string, EndpointRecord>;
  readonly mounts: MountRecord[];
  ports: PublishedPort[];
  readonly hostname: string;
  readonly bundleDir: string;
  readonly logPath: string;
  /** Files bound over /etc/hosts, /etc/hostname, /etc/resolv.conf. */
  readonly hostsPath: string;
  readonly hostnamePath: string;
  readonly resolvConfPath: string;
  /** The network namespace while running (`network_mode: bridge/<network>`). */
  netnsPath?: string;
  /** Set by an API stop/kill: restart policies do not restart the container (Docker's HasBeenManuallyStopped). */
  stoppedByApi: boolean;
}

/** The state of a container never started. */
export function createdState(): ContainerState {
  return {
    Status: 'created',
    Pid: 0,
    ExitCode: 0,
    Error: '',
    StartedAt: ZERO_TIME,
    FinishedAt: ZERO_TIME,
    OOMKilled: false,
  };
}

/** running, paused and restarting all count as "running" for `ps` and removal, as in Docker. */
export function isActive(state: ContainerState): boolean {
  return state.Status === 'running' || state.Status === 'paused' || state.Status === 'restarting';
}

export function shortId(id: string): string {
  return id.slice(0, 12);
}
