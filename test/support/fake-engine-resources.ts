/**
 * The networks, volumes and images of FakeEngineCore: fixed sets (networks
 * bridge/host/none, volumes data/cache, image busybox:latest) and canned
 * pull/load/import streams. Pulling `missing` fails before any output (404);
 * pulling `broken` fails after the first line. Also the event stream and
 * the failure switch shared with the container side.
 */
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import {
  EngineApiError,
  type ApiFilters,
  type EngineCore,
  type EngineEvent,
  type ProgressMessage,
  type PullRequest,
} from '../../src/builtin-engine/ports.js';
import { imageInspect, imageSummary, networkShape, volumeShape } from './fake-engine-shapes.js';

const hex = () => Math.random().toString(16).slice(2).padEnd(64, '0');

export /** An async iterable fed by `push`, ended by `end`. */
class Channel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) yield item;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

export abstract class FakeEngineResources {
  /** Every pull request the core received (with the decoded X-Registry-Auth). */
  readonly pulls: PullRequest[] = [];
  /** Every event so far, oldest first. */
  readonly history: EngineEvent[] = [];
  /** Internal notifications: `event`, `log:<id>`, `exit:<id>`, `removed:<id>`. */
  protected readonly bus = new EventEmitter().setMaxListeners(0);
  private readonly failures = new Map<string, unknown>();

  /** Makes `method` throw `error` from now on (checked by version, info and listContainers). */
  failWith(method: keyof EngineCore, error: unknown): void {
    this.failures.set(method, error);
  }
  /** How many followers wait on a bus notification now (`event` = event streams, `exit:<id>` = waits). */
  listeners(name: string): number {
    return this.bus.listenerCount(name);
  }
  protected check(method: keyof EngineCore): void {
    if (this.failures.has(method)) throw this.failures.get(method);
  }

  /** Resolves a container reference; 404 when unknown. */
  abstract find(ref: string): unknown;

  async listNetworks() {
    return [networkShape('bridge'), networkShape('host'), networkShape('none')];
  }
  async inspectNetwork(ref: string) {
    if (!['bridge', 'host', 'none'].includes(ref)) {
      throw new EngineApiError(404, `network ${ref} not found`);
    }
    return networkShape(ref);
  }
  async createNetwork(body: Dockerode.NetworkCreateOptions) {
    return { Id: body.Name.padEnd(64, '0'), Warning: '' };
  }
  async removeNetwork(ref: string) {
    await this.inspectNetwork(ref);
  }
  async connectNetwork(ref: string, body: { Container: string }) {
    await this.inspectNetwork(ref);
    this.find(body.Container);
  }
  async disconnectNetwork(ref: string, body: { Container: string }) {
    await this.connectNetwork(ref, body);
  }
  async pruneNetworks() {
    return { NetworksDeleted: [] };
  }

  async listVolumes(filters: ApiFilters) {
    const names = filters.get('name') ?? [];
    const volumes = ['data', 'cache'].filter((n) => names.length === 0 || names.includes(n));
    return { Volumes: volumes.map((n) => volumeShape(n)), Warnings: [] };
  }
  async inspectVolume(name: string) {
    if (name !== 'data' && name !== 'cache') {
      throw new EngineApiError(404, `get ${name}: no such volume`);
    }
    return volumeShape(name);
  }
  async createVolume(body: Dockerode.VolumeCreateOptions) {
    return volumeShape(body.Name ?? hex());
  }
  async removeVolume(name: string) {
    await this.inspectVolume(name);
  }
  async pruneVolumes() {
    return { VolumesDeleted: [], SpaceReclaimed: 0 };
  }

  async listImages() {
    return [imageSummary()];
  }
  async inspectImage(ref: string) {
    if (ref !== 'busybox' && ref !== 'busybox:latest') {
      throw new EngineApiError(404, `No such image: ${ref}`);
    }
    return imageInspect();
  }
  async removeImage(ref: string) {
    await this.inspectImage(ref);
    return [{ Untagged: ref }];
  }
  async tagImage(ref: string) {
    await this.inspectImage(ref);
  }

  /** `missing` fails before any output (404); `broken` fails after the first line. */
  async *pullImage(request: PullRequest): AsyncIterable<ProgressMessage> {
    this.pulls.push(request);
    const name = `${request.fromImage}:${request.tag ?? 'latest'}`;
    if (request.fromImage === 'missing') {
      throw new EngineApiError(404, 'pull access denied for missing, repository does not exist');
    }
    yield { status: `Pulling from library/${request.fromImage}`, id: request.tag ?? 'latest' };
    if (request.fromImage === 'broken') throw new Error('unexpected EOF');
    yield { status: 'Downloading', id: 'abc123', progressDetail: { current: 1, total: 2 } };
    yield { status: 'Pull complete', id: 'abc123' };
    yield { status: `Status: Downloaded newer image for ${name}` };
  }
  async *importImage(source: Readable, options: { repo?: string; tag?: string }) {
    let size = 0;
    for await (const chunk of source) size += (chunk as Buffer).length;
    yield { status: `sha256:${size.toString(16).padStart(64, '0')}`, aux: { repo: options.repo } };
  }
  async *loadImages(source: Readable) {
    let size = 0;
    for await (const chunk of source) size += (chunk as Buffer).length;
    yield { stream: `Loaded image: fake:${size}\n` };
  }

  /** Past events since `since`, then live ones until the client leaves (or `until` is given). */
  async *events(
    query: { since?: number; until?: number; filters: ApiFilters },
    signal: AbortSignal,
  ) {
    const types = query.filters.get('type') ?? [];
    const keep = (e: EngineEvent) => types.length === 0 || types.includes(e.Type);
    const live = new Channel<EngineEvent>();
    const onEvent = (e: EngineEvent) => live.push(e);
    for (const e of this.history)
      if (query.since !== undefined && e.time >= query.since) live.push(e);
    if (query.until !== undefined) live.end();
    else {
      this.bus.on('event', onEvent);
      signal.addEventListener('abort', () => live.end(), { once: true });
    }
    try {
      for await (const e of live) if (keep(e)) yield e;
    } finally {
      this.bus.off('event', onEvent);
    }
  }
}
