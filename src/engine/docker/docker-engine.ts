/**
 * The Docker Engine backend of the `Engine` port, on dockerode. Each method is
 * a thin call into a sibling module (containers, images, events, exec; networks
 * and volumes live in the base class); every failure goes through `call`.
 */
import { toCreateBody } from './create-body.js';
import type { Readable } from 'node:stream';
import { toEngineError } from '../errors.js';
import type {
  AttachSpec,
  ContainerAttachment,
  ContainerPathStat,
  ContainerSpec,
  ContainerSummary,
  Engine,
  EngineEvent,
  EngineWarningSink,
  ExecSpec,
  ImageSummary,
  LogChunkStream,
  ProgressEvent,
} from '../types.js';
import * as archives from './docker-archive.js';
import { attachContainer } from './docker-attach.js';
import * as containers from './docker-containers.js';
import { DockerEngineBase, type Json } from './docker-engine-base.js';
import { streamEvents } from './docker-events.js';
import { execInContainer } from './docker-exec.js';
import * as images from './docker-images.js';

export class DockerEngine extends DockerEngineBase implements Engine {
  // ---------------------------------------------------------------- containers

  listContainers(filter: {
    readonly project?: string;
    readonly labels?: readonly string[];
    readonly all: boolean;
  }): Promise<ContainerSummary[]> {
    const what = filter.project !== undefined ? `project ${filter.project}` : 'containers';
    return this.call('list containers', what, () => containers.listContainers(this.docker, filter));
  }

  inspectContainer(idOrName: string): Promise<Json> {
    return this.call(
      `inspect container ${idOrName}`,
      `container ${idOrName}`,
      async () => (await this.docker.getContainer(idOrName).inspect()) as unknown as Json,
    );
  }

  async createContainer(spec: ContainerSpec, warn: EngineWarningSink): Promise<{ id: string }> {
    const { apiVersion } = await this.version();
    return this.call(`create container ${spec.name}`, `container ${spec.name}`, () =>
      containers.createContainer(this.docker, spec, warn, apiVersion),
    );
  }

  async unsupportedFields(spec: ContainerSpec): Promise<string[]> {
    const { apiVersion } = await this.version();
    const warnings: string[] = [];
    toCreateBody(spec, (message) => warnings.push(message), { apiVersion });
    return warnings;
  }

  startContainer(id: string): Promise<void> {
    return this.call(`start container ${id}`, `container ${id}`, () =>
      containers.idempotent(this.docker.getContainer(id).start()),
    );
  }

  stopContainer(id: string, options: { readonly timeoutSeconds?: number }): Promise<void> {
    const query = options.timeoutSeconds !== undefined ? { t: options.timeoutSeconds } : {};
    return this.call(`stop container ${id}`, `container ${id}`, () =>
      containers.idempotent(this.docker.getContainer(id).stop(query)),
    );
  }

  killContainer(id: string, signal: string): Promise<void> {
    return this.call(`kill container ${id}`, `container ${id}`, async () => {
      await this.docker.getContainer(id).kill({ signal });
    });
  }

  removeContainer(id: string, options: { readonly force: boolean; readonly volumes: boolean }) {
    return this.call(`remove container ${id}`, `container ${id}`, async () => {
      await this.docker.getContainer(id).remove({ force: options.force, v: options.volumes });
    });
  }

  renameContainer(id: string, name: string): Promise<void> {
    return this.call(`rename container ${id} to ${name}`, `container ${id}`, async () => {
      await this.docker.getContainer(id).rename({ name });
    });
  }

  waitContainer(id: string, condition: 'not-running' | 'next-exit' | 'removed') {
    return this.call(`wait for container ${id}`, `container ${id}`, () =>
      containers.waitContainer(this.docker, id, condition),
    );
  }

  pauseContainer(id: string): Promise<void> {
    return this.call(`pause container ${id}`, `container ${id}`, async () => {
      await this.docker.getContainer(id).pause();
    });
  }

  unpauseContainer(id: string): Promise<void> {
    return this.call(`unpause container ${id}`, `container ${id}`, async () => {
      await this.docker.getContainer(id).unpause();
    });
  }

  containerLogs(
    id: string,
    options: {
      readonly follow: boolean;
      readonly tail?: number;
      readonly since?: number;
      readonly timestamps: boolean;
    },
  ): Promise<LogChunkStream> {
    return this.call(`read the logs of container ${id}`, `container ${id}`, () =>
      containers.containerLogs(this.docker, id, options),
    );
  }

  exec(id: string, spec: ExecSpec): Promise<{ exitCode: number }> {
    return this.call(`exec in container ${id}`, `container ${id}`, () =>
      execInContainer(this.docker, id, spec),
    );
  }

  attachContainer(id: string, spec: AttachSpec): Promise<ContainerAttachment> {
    return this.call(`attach to container ${id}`, `container ${id}`, () =>
      attachContainer(this.docker, id, spec),
    );
  }

  putArchive(
    id: string,
    path: string,
    tar: Readable,
    options: { readonly copyUidGid?: boolean } = {},
  ): Promise<void> {
    return this.call(`copy into container ${id}:${path}`, `container ${id}`, () =>
      archives.putArchive(this.docker, id, path, tar, options),
    );
  }

  statContainerPath(id: string, path: string): Promise<ContainerPathStat | undefined> {
    return this.call(`look at ${path} in container ${id}`, `container ${id}`, () =>
      archives.statContainerPath(this.docker, id, path),
    );
  }

  getArchive(id: string, path: string): Promise<Readable> {
    return this.call(
      `copy from container ${id}:${path}`,
      `container ${id}`,
      async () => (await this.docker.getContainer(id).getArchive({ path })) as unknown as Readable,
    );
  }

  top(id: string) {
    return this.call(`list the processes of container ${id}`, `container ${id}`, () =>
      containers.top(this.docker, id),
    );
  }

  // ---------------------------------------------------------------- images

  listImages(filter: {
    readonly references?: readonly string[];
    readonly labels?: readonly string[];
  }): Promise<ImageSummary[]> {
    return this.call('list images', 'images', () => images.listImages(this.docker, filter));
  }

  inspectImage(reference: string): Promise<ImageSummary | undefined> {
    return this.call(`inspect image ${reference}`, `image ${reference}`, () =>
      images.inspectImage(this.docker, reference),
    );
  }

  pullImage(
    reference: string,
    options: { readonly platform?: string; readonly auth?: Readonly<Record<string, string>> },
    onProgress: (event: ProgressEvent) => void,
  ): Promise<void> {
    return this.call(`pull image ${reference}`, `image ${reference}`, () =>
      images.pullImage(this.docker, reference, options, onProgress),
    );
  }

  pushImage(
    reference: string,
    options: { readonly auth?: Readonly<Record<string, string>> },
    onProgress: (event: ProgressEvent) => void,
  ): Promise<void> {
    return this.call(`push image ${reference}`, `image ${reference}`, () =>
      images.pushImage(this.docker, reference, options, onProgress),
    );
  }

  buildImage(
    context: Readable,
    options: Readonly<Record<string, unknown>>,
    onProgress: (event: ProgressEvent) => void,
  ): Promise<{ imageId: string }> {
    const tags: unknown = options['t'];
    const first: unknown = Array.isArray(tags) ? tags[0] : tags;
    const tag = typeof first === 'string' ? first : 'image';
    return this.call(`build image ${tag}`, `image ${tag}`, () =>
      images.buildImage(this.docker, context, options, onProgress),
    );
  }

  removeImage(reference: string, options: { readonly force: boolean }): Promise<void> {
    return this.call(`remove image ${reference}`, `image ${reference}`, async () => {
      await this.docker.getImage(reference).remove({ force: options.force });
    });
  }

  // ---------------------------------------------------------------- events

  async *events(
    filter: { readonly project?: string; readonly since?: number; readonly until?: number },
    signal: AbortSignal,
  ): AsyncIterable<EngineEvent> {
    try {
      yield* streamEvents(this.docker, filter, signal);
    } catch (error) {
      throw toEngineError(error, {
        endpoint: this.endpoint,
        operation: 'follow the engine events',
        resource: filter.project !== undefined ? `project ${filter.project}` : 'events',
      });
    }
  }
}
