/**
 * `docker inspect` and `docker ps` JSON of a container, in the Engine's shape
 * (API v1.41): the fields clients read (State incl. Health, Config, HostConfig,
 * NetworkSettings.Networks and Ports, Mounts, Name with its '/') and the
 * constant ones they expect to find. Pure functions of the record.
 */
import type Dockerode from 'dockerode';
import { inspectPorts, listPorts } from './port-specs.js';
import {
  isActive,
  shortId,
  type ContainerRecord,
  type EndpointRecord,
  type MountRecord,
} from './record.js';
import { statusText } from './status-text.js';

type NetworkEntry = Dockerode.NetworkInfo & {
  DriverOpts: Record<string, string> | null;
  DNSNames: string[] | null;
};

/** Names the container answers to on a network (DNS): name, aliases, short id. */
export function dnsNames(record: ContainerRecord, endpoint: EndpointRecord): string[] {
  const names = [record.name, ...(endpoint.config.Aliases ?? []), shortId(record.id)];
  if (record.hostname !== shortId(record.id)) names.push(record.hostname);
  return [...new Set(names)];
}

function networkEntry(record: ContainerRecord, endpoint: EndpointRecord): NetworkEntry {
  const allocation = isActive(record.state) ? endpoint.allocation : undefined;
  const aliases = [...(endpoint.config.Aliases ?? [])];
  const userNetwork = endpoint.networkName !== 'bridge';
  // Docker adds the short id to the aliases of a running container on user networks.
  if (allocation !== undefined && userNetwork) aliases.push(shortId(record.id));
  return {
    IPAMConfig: endpoint.config.IPAMConfig ?? null,
    Links: endpoint.config.Links ?? null,
    Aliases: aliases.length > 0 ? [...new Set(aliases)] : null,
    NetworkID: endpoint.networkId,
    EndpointID: allocation?.endpointId ?? '',
    Gateway: allocation?.gateway ?? '',
    IPAddress: allocation?.address ?? '',
    IPPrefixLen: allocation?.prefixLength ?? 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    MacAddress: allocation?.mac ?? '',
    DriverOpts: endpoint.config.DriverOpts ?? null,
    DNSNames: allocation !== undefined && userNetwork ? dnsNames(record, endpoint) : null,
  };
}

function networks(record: ContainerRecord): Record<string, NetworkEntry> {
  const entries: Record<string, NetworkEntry> = {};
  for (const [name, endpoint] of Object.entries(record.networks)) {
    entries[name] = networkEntry(record, endpoint);
  }
  return entries;
}

function mountShape(mount: MountRecord): Dockerode.ContainerInspectInfo['Mounts'][number] {
  const volume = mount.Type === 'volume';
  return {
    Type: mount.Type,
    ...(volume ? { Name: mount.Name } : {}),
    Source: mount.Source,
    Destination: mount.Destination,
    ...(volume ? { Driver: mount.Driver ?? 'local' } : {}),
    Mode: mount.Mode,
    RW: mount.RW,
    Propagation: mount.Propagation,
  };
}

function mounts(record: ContainerRecord): Dockerode.ContainerInspectInfo['Mounts'] {
  return record.mounts.filter((mount) => !mount.hidden).map(mountShape);
}

function stateShape(record: ContainerRecord): Dockerode.ContainerInspectInfo['State'] {
  const { state } = record;
  const shape: Dockerode.ContainerInspectInfo['State'] = {
    Status: state.Status,
    // Docker reports paused and restarting containers as running too.
    Running: isActive(state),
    Paused: state.Status === 'paused',
    Restarting: state.Status === 'restarting',
    OOMKilled: state.OOMKilled,
    Dead: state.Status === 'dead',
    Pid: state.Pid,
    ExitCode: state.ExitCode,
    Error: state.Error,
    StartedAt: state.StartedAt,
    FinishedAt: state.FinishedAt,
  };
  if (state.Health !== undefined) {
    shape.Health = {
      Status: state.Health.Status,
      FailingStreak: state.Health.FailingStreak,
      Log: [...state.Health.Log],
    };
  }
  return shape;
}

/** The first network's address, for the legacy top-level NetworkSettings fields (Docker: the `bridge` network's). */
function legacyEndpoint(record: ContainerRecord): EndpointRecord | undefined {
  return record.networks.bridge;
}

export function inspectShape(
  record: ContainerRecord,
  extra: { execIds: readonly string[]; snapshotDir?: string },
): Dockerode.ContainerInspectInfo {
  const running = isActive(record.state);
  const legacy = legacyEndpoint(record);
  const legacyEntry = legacy === undefined ? undefined : networkEntry(record, legacy);
  const snapshot = extra.snapshotDir;
  return {
    Id: record.id,
    Created: record.created,
    Path: record.path,
    Args: [...record.args],
    State: stateShape(record),
    Image: record.image.id,
    ResolvConfPath: record.resolvConfPath,
    HostnamePath: record.hostnamePath,
    HostsPath: record.hostsPath,
    LogPath: record.logPath,
    Name: `/${record.name}`,
    RestartCount: record.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: extra.execIds.length > 0 ? [...extra.execIds] : (null as unknown as undefined),
    HostConfig: record.hostConfig,
    GraphDriver: {
      Name: 'overlay2',
      Data: (snapshot === undefined
        ? null
        : {
            MergedDir: `${snapshot}/merged`,
            UpperDir: `${snapshot}/upper`,
            WorkDir: `${snapshot}/work`,
          }) as unknown as Dockerode.ContainerInspectInfo['GraphDriver']['Data'],
    },
    Mounts: mounts(record),
    Config: record.config as unknown as Dockerode.ContainerInspectInfo['Config'],
    NetworkSettings: {
      Bridge: '',
      SandboxID: running && record.netnsPath !== undefined ? record.id : '',
      HairpinMode: false,
      LinkLocalIPv6Address: '',
      LinkLocalIPv6PrefixLen: 0,
      Ports: inspectPorts(record.ports, record.config.ExposedPorts, running),
      SandboxKey: running ? (record.netnsPath ?? '') : '',
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: legacyEntry?.EndpointID ?? '',
      Gateway: legacyEntry?.Gateway ?? '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      IPAddress: legacyEntry?.IPAddress ?? '',
      IPPrefixLen: legacyEntry?.IPPrefixLen ?? 0,
      IPv6Gateway: '',
      MacAddress: legacyEntry?.MacAddress ?? '',
      Networks: networks(record),
    } as unknown as Dockerode.ContainerInspectInfo['NetworkSettings'],
  };
}

export function commandText(record: ContainerRecord): string {
  return [record.path, ...record.args].join(' ');
}

export function listShape(
  record: ContainerRecord,
  now: number = Date.now(),
): Dockerode.ContainerInfo {
  return {
    Id: record.id,
    Names: [`/${record.name}`],
    Image: record.config.Image,
    ImageID: record.image.id,
    Command: commandText(record),
    Created: Math.floor(Date.parse(record.created) / 1000),
    Ports: listPorts(isActive(record.state) ? record.ports : [], record.config.ExposedPorts),
    Labels: { ...record.config.Labels },
    State: record.state.Status,
    Status: statusText(record.state, now),
    HostConfig: { NetworkMode: record.hostConfig.NetworkMode ?? 'default' },
    NetworkSettings: { Networks: networks(record) },
    Mounts: mounts(record).map((mount) => ({ ...mount, Propagation: mount.Propagation })),
  };
}
