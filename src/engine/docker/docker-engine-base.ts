/**
 * The shared part of the Docker backend: the dockerode client, the endpoint for
 * messages, `call` (the one place dockerode errors become `EngineError`s), the
 * version, networks and volumes. `DockerEngine` adds containers, images, events.
 */
import type Dockerode from 'dockerode';
import { toEngineError } from '../errors.js';
import type {
  EngineVersionInfo,
  NetworkAttachment,
  NetworkSpec,
  NetworkSummary,
  VolumeSpec,
  VolumeSummary,
} from '../types.js';
import * as networks from './docker-networks.js';
import * as volumes from './docker-volumes.js';

export type Json = Readonly<Record<string, unknown>>;

export abstract class DockerEngineBase {
  private versionInfo: Promise<EngineVersionInfo> | undefined;

  /** `endpoint` is the human description (`unix:///var/run/docker.sock (default)`), used in messages. */
  constructor(
    protected readonly docker: Dockerode,
    readonly endpoint: string,
  ) {}

  protected async call<T>(operation: string, resource: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toEngineError(error, { endpoint: this.endpoint, operation, resource });
    }
  }

  version(): Promise<EngineVersionInfo> {
    // Cached: the create body depends on the API version, asked once per engine.
    this.versionInfo ??= this.call('ask the engine for its version', 'engine', async () => {
      const info = await this.docker.version();
      return { version: info.Version, apiVersion: info.ApiVersion, os: info.Os, arch: info.Arch };
    }).catch((error: unknown) => {
      this.versionInfo = undefined;
      throw error;
    });
    return this.versionInfo;
  }

  // ---------------------------------------------------------------- networks

  listNetworks(filter: {
    readonly project?: string;
    readonly names?: readonly string[];
  }): Promise<NetworkSummary[]> {
    return this.call('list networks', 'networks', () => networks.listNetworks(this.docker, filter));
  }

  inspectNetwork(idOrName: string): Promise<Json> {
    return this.call(
      `inspect network ${idOrName}`,
      `network ${idOrName}`,
      async () => (await this.docker.getNetwork(idOrName).inspect()) as unknown as Json,
    );
  }

  createNetwork(spec: NetworkSpec): Promise<{ id: string }> {
    return this.call(`create network ${spec.name}`, `network ${spec.name}`, () =>
      networks.createNetwork(this.docker, spec),
    );
  }

  removeNetwork(idOrName: string): Promise<void> {
    return this.call(`remove network ${idOrName}`, `network ${idOrName}`, () =>
      networks.removeNetwork(this.docker, idOrName),
    );
  }

  connectNetwork(network: string, container: string, attachment: NetworkAttachment) {
    return this.call(
      `connect container ${container} to network ${network}`,
      `network ${network}`,
      () => networks.connectNetwork(this.docker, network, container, attachment),
    );
  }

  disconnectNetwork(network: string, container: string, options: { readonly force: boolean }) {
    return this.call(
      `disconnect container ${container} from network ${network}`,
      `network ${network}`,
      async () => {
        await this.docker
          .getNetwork(network)
          .disconnect({ Container: container, Force: options.force });
      },
    );
  }

  // ---------------------------------------------------------------- volumes

  listVolumes(filter: {
    readonly project?: string;
    readonly names?: readonly string[];
  }): Promise<VolumeSummary[]> {
    return this.call('list volumes', 'volumes', () => volumes.listVolumes(this.docker, filter));
  }

  inspectVolume(name: string): Promise<Json> {
    return this.call(
      `inspect volume ${name}`,
      `volume ${name}`,
      async () => (await this.docker.getVolume(name).inspect()) as unknown as Json,
    );
  }

  createVolume(spec: VolumeSpec): Promise<void> {
    return this.call(`create volume ${spec.name}`, `volume ${spec.name}`, () =>
      volumes.createVolume(this.docker, spec),
    );
  }

  removeVolume(name: string, options: { readonly force: boolean }): Promise<void> {
    return this.call(`remove volume ${name}`, `volume ${name}`, async () => {
      await this.docker.getVolume(name).remove({ force: options.force });
    });
  }
}
