/**
 * An in-memory `Engine` for executor unit tests: containers, networks and
 * volumes in maps, an event stream tests can push to, every call logged, and
 * hooks to make a call slow (`gate`) or fail (`failures`). Methods the executor
 * does not use throw.
 */
import { EngineError } from '../../../src/engine/errors.js';
import type {
  ContainerSpec,
  ContainerSummary,
  Engine,
  EngineEvent,
  NetworkSpec,
  NetworkSummary,
} from '../../../src/engine/types.js';

export interface FakeContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
  state: 'created' | 'running' | 'exited';
  health?: 'starting' | 'healthy' | 'unhealthy';
  exitCode?: number;
  spec?: ContainerSpec;
}

type Method = keyof Engine;

export class FakeEngine {
  readonly endpoint = 'fake://';
  readonly calls: string[] = [];
  readonly containers = new Map<string, FakeContainer>();
  readonly networks = new Map<string, NetworkSummary>();
  /** Network name → ids of the containers it lists as attached (they may be gone: stale endpoints). */
  readonly endpoints = new Map<string, string[]>();
  /** `method target` → error to throw, e.g. `renameContainer abc`. */
  readonly failures = new Map<string, Error>();
  /** Awaited before each call returns: lets tests hold calls in flight. */
  gate: (method: Method, target: string) => Promise<void> = () => Promise.resolve();
  inFlight = 0;
  maxInFlight = 0;
  private nextId = 1;
  private readonly subscribers = new Set<(event: EngineEvent) => void>();
  subscriptions = 0;

  private async call<T>(method: Method, target: string, body: () => T): Promise<T> {
    this.calls.push(`${method} ${target}`);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.gate(method, target);
      const failure = this.failures.get(`${method} ${target}`);
      if (failure) throw failure;
      return body();
    } finally {
      this.inFlight--;
    }
  }

  find(idOrName: string): FakeContainer {
    const found =
      this.containers.get(idOrName) ??
      [...this.containers.values()].find((c) => c.name === idOrName);
    if (!found)
      throw new EngineError(`No such container: ${idOrName}.`, {
        code: 'not-found',
        resource: `container ${idOrName}`,
      });
    return found;
  }

  emit(event: Partial<EngineEvent> & { action: string; id: string }): void {
    const full: EngineEvent = { type: 'container', attributes: {}, timeNano: 0, ...event };
    for (const subscriber of this.subscribers) subscriber(full);
  }

  addContainer(container: Omit<FakeContainer, 'id'> & { id?: string }): FakeContainer {
    const full = {
      ...container,
      id: container.id ?? `c${String(this.nextId++).padStart(15, '0')}`,
    };
    this.containers.set(full.id, full);
    return full;
  }

  asEngine(): Engine {
    const unused = (name: string) => () => Promise.reject(new Error(`fake: ${name} not used`));
    const summary = (c: FakeContainer): ContainerSummary => ({
      id: c.id,
      name: c.name,
      imageId: 'sha256:x',
      image: 'busybox',
      labels: c.labels,
      state: c.state,
      created: 100,
      networks: [],
      volumes: [],
    });
    return {
      endpoint: this.endpoint,
      version: unused('version'),
      listContainers: () =>
        this.call('listContainers', '', () => [...this.containers.values()].map(summary)),
      inspectContainer: (id) =>
        this.call('inspectContainer', id, () => {
          const c = this.find(id);
          return {
            State: {
              Status: c.state,
              ExitCode: c.exitCode ?? 0,
              StartedAt: '2026-01-01T00:00:00.123456789Z',
              ...(c.health ? { Health: { Status: c.health } } : {}),
            },
          };
        }),
      createContainer: (spec, warn) =>
        this.call('createContainer', spec.name, () => {
          if ([...this.containers.values()].some((c) => c.name === spec.name))
            throw new EngineError('Conflict.', { code: 'conflict', resource: spec.name });
          if (spec.labels['warn']) warn(spec.labels['warn']);
          const c = this.addContainer({
            name: spec.name,
            labels: { ...spec.labels },
            state: 'created',
            spec,
          });
          return { id: c.id };
        }),
      unsupportedFields: unused('unsupportedFields'),
      startContainer: (id) =>
        this.call('startContainer', id, () => void (this.find(id).state = 'running')),
      stopContainer: (id) =>
        this.call('stopContainer', id, () => void (this.find(id).state = 'exited')),
      killContainer: unused('killContainer'),
      removeContainer: (id) =>
        this.call('removeContainer', id, () => void this.containers.delete(this.find(id).id)),
      renameContainer: (id, name) =>
        this.call('renameContainer', id, () => void (this.find(id).name = name)),
      waitContainer: unused('waitContainer'),
      pauseContainer: unused('pauseContainer'),
      unpauseContainer: unused('unpauseContainer'),
      containerLogs: unused('containerLogs'),
      exec: unused('exec'),
      putArchive: unused('putArchive'),
      getArchive: unused('getArchive'),
      top: unused('top'),
      listNetworks: (filter) =>
        this.call('listNetworks', (filter.names ?? []).join(','), () =>
          [...this.networks.values()].filter((n) => !filter.names || filter.names.includes(n.name)),
        ),
      inspectNetwork: (name) =>
        this.call('inspectNetwork', name, () => {
          if (!this.networks.has(name))
            throw new EngineError(`network ${name} not found`, {
              code: 'not-found',
              resource: `network ${name}`,
            });
          const ids = this.endpoints.get(name) ?? [];
          return {
            Name: name,
            Containers: Object.fromEntries(ids.map((id) => [id, { Name: id }])),
          };
        }),
      createNetwork: (spec: NetworkSpec) =>
        this.call('createNetwork', spec.name, () => {
          if (this.networks.has(spec.name))
            throw new EngineError('Conflict.', { code: 'conflict', resource: spec.name });
          this.networks.set(spec.name, {
            id: spec.name,
            name: spec.name,
            driver: 'bridge',
            labels: spec.labels,
          });
          return { id: spec.name };
        }),
      removeNetwork: (name) =>
        this.call('removeNetwork', name, () => void this.networks.delete(name)),
      connectNetwork: unused('connectNetwork'),
      disconnectNetwork: unused('disconnectNetwork'),
      listVolumes: unused('listVolumes'),
      inspectVolume: unused('inspectVolume'),
      createVolume: (spec) => this.call('createVolume', spec.name, () => undefined),
      removeVolume: (name) => this.call('removeVolume', name, () => undefined),
      listImages: unused('listImages'),
      inspectImage: unused('inspectImage'),
      pullImage: (reference, _options, onProgress) =>
        this.call('pullImage', reference, () => {
          onProgress({ id: 'layer1', status: 'Downloading', current: 1, total: 2 });
        }),
      pushImage: unused('pushImage'),
      buildImage: unused('buildImage'),
      removeImage: (reference) => this.call('removeImage', reference, () => undefined),
      events: (_filter, signal) => this.events(signal),
    };
  }

  private async *events(signal: AbortSignal): AsyncGenerator<EngineEvent> {
    const queue: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    const subscriber = (event: EngineEvent) => {
      queue.push(event);
      wake?.();
    };
    this.subscribers.add(subscriber);
    this.subscriptions++;
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (signal.aborted) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      this.subscribers.delete(subscriber);
      signal.removeEventListener('abort', onAbort);
    }
  }
}
