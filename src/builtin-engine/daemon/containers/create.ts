/**
 * `POST /containers/create`: validates the body (400s), takes the name (409
 * on conflict), resolves the image (404), networks and volumes (named and
 * anonymous volumes exist from create on, as in Docker), makes the container's
 * snapshot and directory, and stores the record. Nothing runs yet.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { EngineApiError } from '../../ports.js';
import { mergeConfig, processArgs } from './config-merge.js';
import type { ContainerDeps } from './deps.js';
import { emitContainerEvent } from './events.js';
import { planMounts } from './mount-plan.js';
import { newContainerId, normalizeName, randomName } from './names.js';
import {
  createdState,
  shortId,
  type ContainerRecord,
  type EndpointRecord,
  type MountRecord,
} from './record.js';
import { networkModeKind, validateCreateBody } from './validate.js';

/** `bridge`/`default` → the default network; anything else through the network service (404 when missing). */
export async function resolveNetwork(
  deps: Pick<ContainerDeps, 'networks'>,
  ref: string,
): Promise<{ id: string; name: string }> {
  if (ref === 'bridge' || ref === 'default') return deps.networks.defaultNetwork();
  const network = await deps.networks.resolve(ref);
  return { id: network.id, name: network.name };
}

async function endpointsOf(
  deps: ContainerDeps,
  body: Dockerode.ContainerCreateOptions,
): Promise<Record<string, EndpointRecord>> {
  const hostConfig = body.HostConfig ?? {};
  const mode = networkModeKind(hostConfig.NetworkMode);
  if (mode.kind === 'container') deps.registry.resolve(mode.ref);
  if (mode.kind !== 'network') return {};
  const configs = body.NetworkingConfig?.EndpointsConfig ?? {};
  // The NetworkMode network first: it carries the default route.
  const wanted: Array<[string, Dockerode.EndpointSettings]> = [
    [mode.name, configs[mode.name] ?? {}],
  ];
  for (const [ref, config] of Object.entries(configs)) {
    if (ref !== mode.name) wanted.push([ref, config ?? {}]);
  }
  const endpoints: Record<string, EndpointRecord> = {};
  for (const [ref, config] of wanted) {
    const network = await resolveNetwork(deps, ref);
    if (endpoints[network.name] !== undefined) continue;
    const { NetworkID: _id, EndpointID: _endpoint, ...asked } = config;
    endpoints[network.name] = { networkId: network.id, networkName: network.name, config: asked };
  }
  return endpoints;
}

async function mountsOf(
  deps: ContainerDeps,
  hostConfig: Dockerode.HostConfig,
  volumes: Readonly<Record<string, unknown>> | undefined,
  created: string[],
): Promise<MountRecord[]> {
  const mounts: MountRecord[] = [];
  for (const planned of planMounts(hostConfig, volumes)) {
    if (planned.type === 'bind') {
      mounts.push({
        Type: 'bind',
        Source: planned.source,
        Destination: planned.destination,
        Mode: planned.mode,
        RW: !planned.readOnly,
        Propagation: planned.propagation,
        createSource: planned.createSource,
      });
    } else if (planned.type === 'tmpfs') {
      mounts.push({
        Type: 'tmpfs',
        Source: '',
        Destination: planned.destination,
        Mode: '',
        RW: true,
        Propagation: '',
        options: planned.options,
        hidden: Object.hasOwn(hostConfig.Tmpfs ?? {}, planned.destination),
      });
    } else {
      const anonymous = planned.name === undefined;
      const volume = await deps.volumes.ensure(planned.name, { labels: planned.labels, anonymous });
      if (volume.created) created.push(volume.name);
      mounts.push({
        Type: 'volume',
        Name: volume.name,
        Source: volume.hostPath,
        Destination: planned.destination,
        Driver: 'local',
        Mode: planned.mode,
        RW: !planned.readOnly,
        Propagation: '',
        anonymous,
      });
    }
  }
  return mounts;
}

function hostConfigWithDefaults(
  hostConfig: Dockerode.HostConfig | undefined,
): Dockerode.HostConfig {
  return {
    ...hostConfig,
    NetworkMode: hostConfig?.NetworkMode || 'default',
    RestartPolicy: hostConfig?.RestartPolicy ?? { Name: 'no', MaximumRetryCount: 0 },
    LogConfig: hostConfig?.LogConfig ?? { Type: 'json-file', Config: {} },
  };
}

export async function createContainer(
  deps: ContainerDeps,
  requestedName: string | undefined,
  body: Dockerode.ContainerCreateOptions,
): Promise<ContainerRecord> {
  validateCreateBody(body);
  const { registry } = deps;
  const name =
    requestedName !== undefined && requestedName !== ''
      ? normalizeName(requestedName)
      : randomName((candidate) => registry.nameTaken(candidate));
  registry.checkName(name);
  const image = await deps.images.resolve(body.Image as string);
  const config = mergeConfig(body, image.reference, image.config);
  const { path, args } = processArgs(config);
  const hostConfig = hostConfigWithDefaults(body.HostConfig);
  const networks = await endpointsOf(deps, body);
  const id = newContainerId();
  const createdVolumes: string[] = [];
  let snapshotMade = false;
  try {
    const mounts = await mountsOf(deps, hostConfig, config.Volumes, createdVolumes);
    await deps.snapshots.create(id, await image.lowerDirs());
    snapshotMade = true;
    const dir = deps.snapshots.dir(id);
    const bundleDir = join(dir, 'bundle');
    await mkdir(bundleDir, { recursive: true, mode: 0o700 });
    const hostMode = networkModeKind(hostConfig.NetworkMode).kind === 'host';
    const hostname = config.Hostname || (hostMode ? deps.hostName : shortId(id));
    const record: ContainerRecord = {
      id,
      name,
      created: new Date().toISOString(),
      image: { id: image.id, reference: image.reference },
      path,
      args,
      config: { ...config, Hostname: hostname },
      hostConfig,
      state: createdState(),
      restartCount: 0,
      networks,
      mounts,
      ports: [],
      hostname,
      bundleDir,
      logPath: join(dir, 'container.log'),
      hostsPath: join(dir, 'hosts'),
      hostnamePath: join(dir, 'hostname'),
      resolvConfPath: join(dir, 'resolv.conf'),
      stoppedByApi: false,
    };
    // The name may have been taken while we awaited: the registry checks again.
    registry.add(record);
    try {
      await registry.save(record);
    } catch (error) {
      await registry.delete(record);
      throw error;
    }
    emitContainerEvent(deps, record, 'create');
    return record;
  } catch (error) {
    if (snapshotMade) await deps.snapshots.remove(id).catch(() => undefined);
    for (const volume of createdVolumes) {
      await deps.volumes.removeVolume(volume, { force: true }).catch(() => undefined);
    }
    if (error instanceof EngineApiError) throw error;
    throw new EngineApiError(500, `creating the container failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
