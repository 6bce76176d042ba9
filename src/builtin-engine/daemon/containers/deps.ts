/** What the container service is built from; tests pass fakes of every driver. */
import type {
  ImageService,
  NetworkDriver,
  NetworkService,
  PortPublisher,
  RuntimeDriver,
  VolumeService,
} from '../../ports.js';
import type { EventBus } from '../events/bus.js';
import type { HealthMonitor } from '../health/monitor.js';
import type { ContainerRegistry } from './registry.js';
import type { SnapshotOps } from './snapshot-ops.js';

export interface ContainerDeps {
  readonly runtime: RuntimeDriver;
  readonly network: NetworkDriver;
  readonly images: ImageService;
  readonly volumes: VolumeService;
  readonly networks: NetworkService;
  readonly ports: PortPublisher;
  readonly snapshots: SnapshotOps;
  readonly events: EventBus;
  readonly health: HealthMonitor;
  readonly registry: ContainerRegistry;
  /** The host's /etc/resolv.conf, for `network_mode: host|none` containers. */
  readonly hostResolvConf: () => Promise<string>;
  /** The host's name, for `network_mode: host` containers. */
  readonly hostName: string;
  /** Runs `ps` with the given arguments on the host (top). */
  readonly ps: (args: readonly string[]) => Promise<string>;
  /** Reports a failure nobody awaits (a restart that failed, a teardown step). */
  readonly warn: (message: string) => void;
}
