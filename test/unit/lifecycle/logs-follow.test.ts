// projectLogEvents / logs / attachToProject over a small in-memory engine:
// log bodies are fixed text, follow streams stay open until the test ends them.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  Label,
  type ContainerSummary,
  type Engine,
  type EngineEvent,
} from '../../../src/engine/types.js';
import {
  attachToProject,
  servicesToAttach,
  type AttachEvent,
} from '../../../src/lifecycle/attached.js';
import { logs, projectLogEvents, type ProjectLogEvent } from '../../../src/lifecycle/logs.js';
import type { Project } from '../../../src/spec/model.js';

interface FakeContainer {
  id: string;
  service: string;
  number: number;
  body: string;
  running: boolean;
  exitCode: number;
  live?: PassThrough;
}

class LogEngine {
  readonly containers: FakeContainer[] = [];
  readonly stopped: string[] = [];
  readonly logCalls: { id: string; tail?: number; since?: number }[] = [];
  private emitEvent: ((event: EngineEvent) => void) | undefined;

  add(
    container: Omit<FakeContainer, 'running' | 'exitCode'> & { running?: boolean },
  ): FakeContainer {
    const full = { running: false, exitCode: 0, ...container };
    this.containers.push(full);
    return full;
  }

  summary(c: FakeContainer): ContainerSummary {
    return {
      id: c.id,
      name: `p-${c.service}-${c.number}`,
      imageId: '',
      image: 'busybox',
      labels: { [Label.service]: c.service, [Label.containerNumber]: String(c.number) },
      state: c.running ? 'running' : 'exited',
      created: 0,
      networks: [],
      volumes: [],
    };
  }

  /** Ends a running container's follow stream with an exit code. */
  exit(c: FakeContainer, code: number): void {
    c.running = false;
    c.exitCode = code;
    c.live?.end();
  }

  /** Starts a container (adding it, when it did not exist yet) and announces it on the event stream. */
  start(c: FakeContainer): void {
    if (!this.containers.includes(c)) this.containers.push(c);
    c.running = true;
    this.emitEvent?.({
      type: 'container',
      action: 'start',
      id: c.id,
      attributes: { name: `p-${c.service}-${c.number}`, ...this.summary(c).labels },
      timeNano: Date.now() * 1e6,
    });
  }

  get engine(): Engine {
    const partial: Partial<Engine> = {
      listContainers: (filter) =>
        Promise.resolve(
          this.containers.filter((c) => filter.all || c.running).map((c) => this.summary(c)),
        ),
      inspectContainer: (id) => {
        const c = this.containers.find((x) => x.id === id)!;
        return Promise.resolve({ State: { Running: c.running, ExitCode: c.exitCode } });
      },
      containerLogs: (id, options) => {
        this.logCalls.push({ id, ...options });
        const c = this.containers.find((x) => x.id === id)!;
        const chunk = { stream: 'stdout', data: Buffer.from(c.body) };
        if (!options.follow || !c.running) return Promise.resolve(Readable.from([chunk]));
        c.live = new PassThrough({ objectMode: true });
        c.live.write(chunk);
        return Promise.resolve(c.live);
      },
      stopContainer: (id) => {
        this.stopped.push(id);
        const c = this.containers.find((x) => x.id === id)!;
        this.exit(c, 143);
        return Promise.resolve();
      },
      events: (_filter, signal) => this.events(signal),
    };
    return partial as Engine;
  }

  private async *events(signal: AbortSignal): AsyncGenerator<EngineEvent> {
    const queue: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    this.emitEvent = (event) => {
      queue.push(event);
      wake?.();
    };
    signal.addEventListener('abort', () => wake?.());
    while (!signal.aborted) {
      if (queue.length > 0) yield queue.shift()!;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }
}

const ts = (s: number) => `2024-01-02T03:04:0${s}.000000000Z`;

describe('logs', () => {
  it('yields every line of the chosen containers, with timestamps split off', async () => {
    const fake = new LogEngine();
    fake.add({ id: 'a', service: 'web', number: 1, body: `${ts(1)} one\n${ts(2)} two\n` });
    fake.add({ id: 'b', service: 'web', number: 2, body: `${ts(3)} three\n` });
    fake.add({ id: 'c', service: 'db', number: 1, body: `${ts(4)} db\n` });
    const lines = [];
    for await (const line of logs('p', fake.engine, { services: ['web'], follow: false, tail: 5 }))
      lines.push(line);
    expect(lines.map((l) => `${l.container}:${l.line}`).sort()).toEqual([
      'p-web-1:one',
      'p-web-1:two',
      'p-web-2:three',
    ]);
    expect(lines[0]).toMatchObject({ service: 'web', stream: 'stdout' });
    expect(lines.find((l) => l.line === 'one')?.timestamp).toBe(ts(1));
    expect(fake.logCalls.every((call) => call.tail === 5)).toBe(true);
  });

  it('keeps only --index and drops lines after --until', async () => {
    const fake = new LogEngine();
    fake.add({ id: 'a', service: 'web', number: 1, body: `${ts(1)} early\n${ts(5)} late\n` });
    fake.add({ id: 'b', service: 'web', number: 2, body: `${ts(1)} other\n` });
    const until = Date.parse('2024-01-02T03:04:03Z') / 1000;
    const lines = [];
    for await (const line of logs('p', fake.engine, {
      services: [],
      index: 1,
      follow: false,
      until,
    }))
      lines.push(line.line);
    expect(lines).toEqual(['early']);
  });

  it('with follow, picks up a container started later and reports exits', async () => {
    const fake = new LogEngine();
    const first = fake.add({
      id: 'a',
      service: 'web',
      number: 1,
      body: `${ts(1)} hello\n`,
      running: true,
    });
    // Not created yet when following begins: only the event stream can reveal it.
    const later: FakeContainer = {
      id: 'b',
      service: 'web',
      number: 2,
      body: `${ts(2)} scaled\n`,
      running: false,
      exitCode: 0,
    };
    const stop = new AbortController();
    const seen: ProjectLogEvent[] = [];
    for await (const event of projectLogEvents('p', fake.engine, {
      services: [],
      follow: true,
      signal: stop.signal,
    })) {
      seen.push(event);
      if (event.kind === 'line' && event.entry.line === 'hello') fake.start(later);
      if (event.kind === 'line' && event.entry.line === 'scaled') fake.exit(first, 2);
      if (event.kind === 'exited') stop.abort();
    }
    const lines = seen.flatMap((e) => (e.kind === 'line' ? [e.entry.line] : []));
    expect(lines).toEqual(['hello', 'scaled']);
    expect(seen.find((e) => e.kind === 'exited')).toMatchObject({
      container: { name: 'p-web-1' },
      exitCode: 2,
      restarting: false,
    });
    // A container new to the run is read from its beginning (its first lines can predate the start event), without --tail.
    expect(fake.logCalls.find((c) => c.id === 'b')).toEqual({
      id: 'b',
      follow: true,
      timestamps: true,
    });
  });
});

describe('attachToProject', () => {
  const project = {
    name: 'p',
    services: {
      one: { name: 'one' },
      two: {
        name: 'two',
        depends_on: { one: { condition: 'service_started', required: true, restart: false } },
      },
    },
  } as unknown as Project;

  it('chooses attached services from --attach, --no-attach and the targets', () => {
    const none = { attach: [], noAttach: [], attachDependencies: false };
    expect(servicesToAttach(project, [], none)).toEqual(['one', 'two']);
    expect(servicesToAttach(project, ['two'], none)).toEqual(['two']);
    expect(servicesToAttach(project, ['two'], { ...none, attachDependencies: true })).toEqual([
      'one',
      'two',
    ]);
    expect(servicesToAttach(project, [], { ...none, noAttach: ['one'] })).toEqual(['two']);
    expect(servicesToAttach(project, [], { ...none, attach: ['one'] })).toEqual(['one']);
  });

  it('stops the project at the first exit and returns --exit-code-from', async () => {
    const fake = new LogEngine();
    const one = fake.add({
      id: 'a',
      service: 'one',
      number: 1,
      body: `${ts(1)} working\n`,
      running: true,
    });
    fake.add({ id: 'b', service: 'two', number: 1, body: `${ts(1)} serving\n`, running: true });
    const events: AttachEvent[] = [];
    const result = await attachToProject(
      'p',
      fake.engine,
      {
        services: ['one', 'two'],
        since: 0,
        abort: 'never',
        exitCodeFrom: 'one',
        stopSignal: new AbortController().signal,
        killSignal: new AbortController().signal,
      },
      (event) => {
        events.push(event);
        if (event.kind === 'line' && event.entry.line === 'working')
          setTimeout(() => fake.exit(one, 3), 5);
      },
    );
    expect(result).toEqual({ exitCode: 3, interrupted: false });
    expect(fake.stopped).toEqual(['b']);
    expect(
      events.filter((e) => e.kind === 'exited').map((e) => e.kind === 'exited' && e.exitCode),
    ).toEqual([3, 143]);
    expect(events.some((e) => e.kind === 'stopping' && e.reason === 'aborted')).toBe(true);
  });

  it('stops gracefully on the first Ctrl-C and exits 130', async () => {
    const fake = new LogEngine();
    fake.add({ id: 'a', service: 'one', number: 1, body: `${ts(1)} up\n`, running: true });
    const stop = new AbortController();
    const result = await attachToProject(
      'p',
      fake.engine,
      {
        services: ['one'],
        since: 0,
        abort: 'never',
        stopSignal: stop.signal,
        killSignal: new AbortController().signal,
      },
      (event) => {
        if (event.kind === 'line') stop.abort();
      },
    );
    expect(result).toEqual({ exitCode: 130, interrupted: true });
    expect(fake.stopped).toEqual(['a']);
  });
});
