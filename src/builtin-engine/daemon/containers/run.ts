/**
 * Bringing a created or exited container to life, and tidying up after its
 * process ended: root file system mount, network, /etc files, mounts,
 * published ports, then the runtime. A failure at any step undoes the steps
 * before it, so a failed start leaves nothing behind but the error in State.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type {
  ContainerRuntimeSpec,
  MountSpec,
  NetworkNamespace,
  ResourceLimits,
} from '../../ports.js';
import type { ContainerDeps } from './deps.js';
import { hostnameFile, hostsFile, resolvConf } from './etc-files.js';
import { setupNetworking, teardownNetworking, type NetworkSetup } from './networking.js';
import { wantedBindings } from './port-specs.js';
import type { ContainerRecord } from './record.js';

function limitsOf(record: ContainerRecord): ResourceLimits {
  const host = record.hostConfig;
  const positive = (value: number | undefined): number | undefined =>
    value !== undefined && value !== null && value > 0 ? value : undefined;
  const nanoCpus = positive(host.NanoCpus);
  return {
    memoryBytes: positive(host.Memory),
    memorySwapBytes: host.MemorySwap === -1 ? -1 : positive(host.MemorySwap),
    memoryReservationBytes: positive(host.MemoryReservation),
    cpuShares: positive(host.CpuShares),
    // NanoCpus (`--cpus`) is a quota over Docker's 100 ms period.
    cpuQuota: nanoCpus !== undefined ? Math.round(nanoCpus / 10_000) : positive(host.CpuQuota),
    cpuPeriod: nanoCpus !== undefined ? 100_000 : positive(host.CpuPeriod),
    cpusetCpus: host.CpusetCpus || undefined,
    pidsLimit: positive(host.PidsLimit),
  };
}

function mountSpecs(record: ContainerRecord): MountSpec[] {
  const specs: MountSpec[] = [
    { type: 'bind', source: record.resolvConfPath, target: '/etc/resolv.conf', readOnly: false },
    { type: 'bind', source: record.hostnamePath, target: '/etc/hostname', readOnly: false },
    { type: 'bind', source: record.hostsPath, target: '/etc/hosts', readOnly: false },
  ];
  for (const mount of record.mounts) {
    if (mount.Type === 'tmpfs') {
      specs.push({
        type: 'tmpfs',
        source: 'tmpfs',
        target: mount.Destination,
        readOnly: false,
        options: mount.options,
      });
    } else {
      const propagation = mount.Type === 'bind' && mount.Propagation ? [mount.Propagation] : [];
      specs.push({
        type: 'bind',
        source: mount.Source,
        target: mount.Destination,
        readOnly: !mount.RW,
        options: propagation,
      });
    }
  }
  return specs;
}

export function runtimeSpec(
  record: ContainerRecord,
  rootfs: string,
  network: NetworkNamespace,
): ContainerRuntimeSpec {
  const host = record.hostConfig;
  return {
    id: record.id,
    bundleDir: record.bundleDir,
    rootfs,
    readonlyRootfs: host.ReadonlyRootfs === true,
    args: [record.path, ...record.args],
    env: record.config.Env,
    cwd: record.config.WorkingDir || '/',
    user: record.config.User,
    groupAdd: host.GroupAdd ?? [],
    hostname: record.hostname,
    domainname: record.config.Domainname || undefined,
    tty: record.config.Tty === true,
    openStdin: record.config.OpenStdin === true,
    stdinOnce: record.config.StdinOnce === true,
    mounts: mountSpecs(record),
    network,
    privileged: host.Privileged === true,
    capAdd: (host.CapAdd as string[] | undefined) ?? [],
    capDrop: (host.CapDrop as string[] | undefined) ?? [],
    sysctls: host.Sysctls ?? {},
    shmSizeBytes: host.ShmSize || undefined,
    limits: limitsOf(record),
    logPath: record.logPath,
  };
}

async function writeEtcFiles(
  deps: ContainerDeps,
  record: ContainerRecord,
  setup: NetworkSetup,
): Promise<void> {
  const host = record.hostConfig;
  const ownNamespace = setup.namespace.kind === 'path';
  const hostResolvConf =
    ownNamespace && setup.primary !== undefined ? undefined : await deps.hostResolvConf();
  await Promise.all([
    writeFile(
      record.hostsPath,
      hostsFile({
        hostname: record.hostname,
        domainname: record.config.Domainname,
        address: setup.primary?.address,
        extraHosts: (host.ExtraHosts as string[] | undefined) ?? [],
      }),
    ),
    writeFile(record.hostnamePath, hostnameFile(record.hostname)),
    writeFile(
      record.resolvConfPath,
      resolvConf({
        dns: host.Dns as string[] | undefined,
        gateway: ownNamespace ? setup.primary?.gateway : undefined,
        search: host.DnsSearch,
        options: host.DnsOptions as string[] | undefined,
        hostResolvConf,
      }),
    ),
  ]);
}

async function publishPorts(
  deps: ContainerDeps,
  record: ContainerRecord,
  setup: NetworkSetup,
): Promise<void> {
  // Host and none modes publish nothing (Docker ignores the bindings with a warning).
  if (setup.namespace.kind !== 'path' || setup.primary === undefined) return;
  for (const wanted of wantedBindings(record.hostConfig, record.config.ExposedPorts)) {
    const bound = await deps.ports.publish(record.id, {
      protocol: wanted.protocol,
      hostIp: wanted.hostIp,
      hostPort: wanted.hostPort,
      targetAddress: setup.primary.address,
      targetPort: wanted.containerPort,
    });
    record.ports.push({ port: wanted.key, hostIp: bound.hostIp, hostPort: bound.hostPort });
  }
}

/** Everything a start sets up, undone; also what happens after every exit. Never throws. */
export async function releaseResources(
  deps: ContainerDeps,
  record: ContainerRecord,
): Promise<void> {
  const step = async (what: string, task: () => Promise<void>): Promise<void> => {
    try {
      await task();
    } catch (error) {
      deps.warn(
        `${what} of container ${record.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  deps.health.stop(record.id);
  if (record.ports.length > 0)
    await step('unpublishing the ports', () => deps.ports.unpublish(record.id));
  record.ports = [];
  await teardownNetworking(deps, record);
  await step('removing the runtime state', () => deps.runtime.delete(record.id, record.bundleDir));
  await step('unmounting the root file system', () => deps.snapshots.unmount(record.id));
}

/** Sets up and starts the process; resolves with its pid. On failure everything is released again. */
export async function launch(deps: ContainerDeps, record: ContainerRecord): Promise<number> {
  try {
    // Independent, and each mostly waiting on a host tool: side by side. Both
    // settle before anything is released, so a failure never races a setup.
    const [mounted, networked] = await Promise.allSettled([
      deps.snapshots.mount(record.id),
      setupNetworking(deps, record),
    ]);
    if (mounted.status === 'rejected') throw mounted.reason;
    if (networked.status === 'rejected') throw networked.reason;
    const rootfs = mounted.value;
    const setup = networked.value;
    await writeEtcFiles(deps, record, setup);
    for (const mount of record.mounts) {
      // `-v /host/dir:/x` makes a missing host directory, as Docker does.
      if (mount.Type === 'bind' && mount.createSource === true) {
        await mkdir(mount.Source, { recursive: true });
      }
    }
    await publishPorts(deps, record, setup);
    const { pid } = await deps.runtime.start(runtimeSpec(record, rootfs, setup.namespace));
    return pid;
  } catch (error) {
    await releaseResources(deps, record);
    throw error;
  }
}
