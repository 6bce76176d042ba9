/**
 * What tscompose asks an engine to create: engine-neutral, fully resolved specs
 * of containers, networks and volumes. The planner produces them; a backend only
 * translates them (see engine/docker/create-body*.ts).
 */

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
  /** The engine removes the container when it exits (`run --rm -d`). */
  readonly autoRemove?: boolean;
  /** Stdin closes when the attached client closes it (`run -i`: a piped input's end reaches the process). */
  readonly stdinOnce?: boolean;
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
