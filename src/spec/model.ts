/**
 * The typed, normalized Compose project (DESIGN.md "Core types"). Every field is
 * in long syntax, paths are absolute, durations are NANOSECONDS and sizes are
 * BYTES. Fields the loader does not interpret stay as written (`unknown`), and
 * the index signatures keep everything else the user wrote, `x-*` keys included:
 * nothing is dropped between the file and the model.
 */

/** Extension keys and rarely used fields, kept verbatim. */
export interface Extensible {
  [key: string]: unknown;
}

export interface Project {
  name: string;
  workingDir: string;
  configFiles: string[];
  /** The environment used for interpolation and for resolving valueless keys. */
  environment: Record<string, string>;
  services: Record<string, ServiceConfig>;
  /** Services turned off by profiles; kept for `config --profiles` and the planner. */
  disabledServices: Record<string, ServiceConfig>;
  networks: Record<string, NetworkConfig>;
  volumes: Record<string, VolumeConfig>;
  secrets: Record<string, SecretConfig>;
  configs: Record<string, ConfigObject>;
  models: Record<string, Extensible>;
  /** Active profiles (set by `applyProfiles`). */
  profiles: string[];
  /** Top-level `x-*` keys. */
  extensions: Record<string, unknown>;
}

export type DependencyCondition =
  'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ServiceDependency extends Extensible {
  condition: DependencyCondition;
  required: boolean;
  restart?: boolean;
}

export interface ServicePort extends Extensible {
  name?: string;
  mode: 'ingress' | 'host' | string;
  host_ip?: string;
  target: number;
  /** A port (`"8080"`), a range (`"8000-9000"`), or absent for an ephemeral port. */
  published?: string;
  protocol: string;
  app_protocol?: string;
}

export interface ServiceVolume extends Extensible {
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image' | string;
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: {
    propagation?: string;
    selinux?: string;
    create_host_path?: boolean;
    recursive?: string;
  } & Extensible;
  volume?: { nocopy?: boolean; subpath?: string; labels?: Record<string, string> } & Extensible;
  /** `size` in bytes. */
  tmpfs?: { size?: number; mode?: number } & Extensible;
  image?: { subpath?: string } & Extensible;
}

export interface ServiceNetwork extends Extensible {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  priority?: number;
  gw_priority?: number;
}

export interface FileReference extends Extensible {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  /** Numeric file mode (0o440). */
  mode?: number;
}

export interface EnvFile extends Extensible {
  path: string;
  required: boolean;
  format?: string;
}

export interface DeviceMapping extends Extensible {
  source: string;
  target: string;
  permissions: string;
}

export interface DeviceRequest extends Extensible {
  capabilities?: string[];
  driver?: string;
  count?: number | 'all';
  device_ids?: string[];
  options?: Record<string, string>;
}

export interface UlimitConfig extends Extensible {
  /** Set when written as one number (soft = hard). */
  single?: number;
  soft?: number;
  hard?: number;
}

export interface ExtraHost {
  host: string;
  ip: string;
}

export interface Healthcheck extends Extensible {
  /** `["CMD", ...]`, `["CMD-SHELL", cmd]` or `["NONE"]`. */
  test?: string[];
  /** Nanoseconds. */
  interval?: number;
  timeout?: number;
  start_period?: number;
  start_interval?: number;
  retries?: number;
  disable?: boolean;
}

export interface BuildConfig extends Extensible {
  context: string;
  dockerfile?: string;
  dockerfile_inline?: string;
  args?: Record<string, string>;
  ssh?: Record<string, string | null>;
  labels?: Record<string, string>;
  cache_from?: string[];
  cache_to?: string[];
  additional_contexts?: Record<string, string>;
  secrets?: FileReference[];
  tags?: string[];
  target?: string;
  platforms?: string[];
  /** Bytes. */
  shm_size?: number;
  provenance?: string;
  sbom?: string;
}

export interface ResourceLimits extends Extensible {
  cpus?: number | string;
  /** Bytes. */
  memory?: number;
  pids?: number;
  devices?: DeviceRequest[];
}

export interface DeployConfig extends Extensible {
  mode?: string;
  replicas?: number;
  labels?: Record<string, string>;
  resources?: { limits?: ResourceLimits; reservations?: ResourceLimits } & Extensible;
  /** `delay`, `monitor`, `window` in nanoseconds. */
  update_config?: Extensible;
  rollback_config?: Extensible;
  restart_policy?: Extensible;
}

export interface ServiceConfig extends Extensible {
  name: string;
  image?: string;
  build?: BuildConfig;
  profiles?: string[];
  command?: string[] | null;
  entrypoint?: string[] | null;
  /** `null` = key without value, dropped from the container env if still unresolved. */
  environment?: Record<string, string | null>;
  env_file?: EnvFile[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  sysctls?: Record<string, string>;
  ports?: ServicePort[];
  volumes?: ServiceVolume[];
  depends_on?: Record<string, ServiceDependency>;
  networks?: Record<string, ServiceNetwork | null>;
  network_mode?: string;
  secrets?: FileReference[];
  configs?: FileReference[];
  devices?: DeviceMapping[];
  gpus?: DeviceRequest[];
  ulimits?: Record<string, UlimitConfig>;
  extra_hosts?: ExtraHost[];
  healthcheck?: Healthcheck;
  deploy?: DeployConfig;
  dns?: string[];
  dns_search?: string[];
  tmpfs?: string[];
  container_name?: string;
  scale?: number;
  restart?: string;
  pull_policy?: string;
  /** Nanoseconds. */
  stop_grace_period?: number;
  /** Bytes. */
  mem_limit?: number;
  mem_reservation?: number;
  memswap_limit?: number;
  shm_size?: number;
  cpus?: number;
  pids_limit?: number;
  platform?: string;
  provider?: Extensible;
  develop?: Extensible;
  models?: Record<string, Extensible | null>;
}

export interface ExternalResource extends Extensible {
  /** The engine-side name: `<project>_<key>`, the key when external, or the explicit `name`. */
  name: string;
  external?: boolean;
  labels?: Record<string, string>;
}

export interface NetworkConfig extends ExternalResource {
  driver?: string;
  driver_opts?: Record<string, string>;
  ipam?: Extensible;
  internal?: boolean;
  attachable?: boolean;
  enable_ipv6?: boolean;
}

export interface VolumeConfig extends ExternalResource {
  driver?: string;
  driver_opts?: Record<string, string>;
}

export interface SecretConfig extends ExternalResource {
  file?: string;
  environment?: string;
  driver?: string;
}

export interface ConfigObject extends ExternalResource {
  file?: string;
  environment?: string;
  content?: string;
}
