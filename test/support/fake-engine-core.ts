/**
 * An in-memory EngineCore for the API facade's tests (test support only, no
 * processes). Containers have canned states the test sets (`addContainer`,
 * `exit`, `log`); an exec writes one stderr line, echoes stdin to stdout and
 * exits with `exit=N` from its command (0 otherwise); events, pull, load and
 * import produce small canned streams. `failWith` makes a method throw.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import {
  EngineApiError,
  type ApiFilters,
  type EngineCore,
  type EngineEvent,
  type LogQuery,
  type OutputChunk,
  type StreamSession,
} from '../../src/builtin-engine/ports.js';
import { fakeGetArchive, fakePutArchive, fakeStat } from './fake-engine-archive.js';
import { Channel, FakeEngineResources } from './fake-engine-resources.js';
import {
  containerInspect,
  containerSummary,
  execInspect,
  infoShape,
  versionShape,
} from './fake-engine-shapes.js';

export interface FakeContainer {
  id: string;
  name: string;
  image: string;
  cmd: string[];
  labels: Record<string, string>;
  tty: boolean;
  openStdin: boolean;
  status: 'created' | 'running' | 'paused' | 'exited';
  exitCode: number;
  logs: OutputChunk[];
  created: number;
  /** Absolute path → content, for the archive endpoints (directories implied). */
  files: Map<string, string>;
}

export interface FakeExec {
  id: string;
  container: FakeContainer;
  body: Dockerode.ExecCreateOptions;
  running: boolean;
  exitCode: number | null;
}

const hex = () => randomBytes(32).toString('hex');
const now = () => new Date().toISOString();

export class FakeEngineCore extends FakeEngineResources implements EngineCore {
  readonly containers = new Map<string, FakeContainer>();
  readonly execs = new Map<string, FakeExec>();

  addContainer(init: Partial<FakeContainer> & { name: string }): FakeContainer {
    const container: FakeContainer = {
      id: hex(),
      image: 'busybox:latest',
      cmd: ['sh'],
      labels: {},
      tty: false,
      openStdin: false,
      status: 'created',
      exitCode: 0,
      logs: [],
      created: Math.floor(Date.now() / 1000),
      files: new Map(),
      ...init,
    };
    this.containers.set(container.id, container);
    return container;
  }

  override find(ref: string): FakeContainer {
    const wanted = ref.replace(/^\//, '');
    for (const c of this.containers.values()) if (c.id === ref || c.name === wanted) return c;
    const byPrefix = [...this.containers.values()].filter((c) => c.id.startsWith(ref));
    if (byPrefix.length === 1 && byPrefix[0] !== undefined) return byPrefix[0];
    throw new EngineApiError(404, `No such container: ${ref}`);
  }

  /** Appends a log chunk (and feeds followers and attached clients). */
  log(ref: string, stream: 'stdout' | 'stderr', text: string): void {
    const container = this.find(ref);
    const chunk: OutputChunk = { stream, data: Buffer.from(text), time: now() };
    container.logs.push(chunk);
    this.bus.emit(`log:${container.id}`, chunk);
  }

  exit(ref: string, code: number): void {
    const container = this.find(ref);
    container.status = 'exited';
    container.exitCode = code;
    this.emit('container', 'die', container, { exitCode: String(code) });
    this.bus.emit(`exit:${container.id}`, code);
  }

  private emit(type: EngineEvent['Type'], action: string, c: FakeContainer, extra = {}): void {
    const ms = Date.now();
    const event: EngineEvent = {
      Type: type,
      Action: action,
      Actor: { ID: c.id, Attributes: { name: c.name, image: c.image, ...c.labels, ...extra } },
      scope: 'local',
      time: Math.floor(ms / 1000),
      timeNano: ms * 1_000_000,
      status: action,
      id: c.id,
      from: c.image,
    };
    this.history.push(event);
    this.bus.emit('event', event);
  }

  async version() {
    this.check('version');
    return versionShape();
  }
  async info() {
    this.check('info');
    return infoShape([...this.containers.values()]);
  }

  async listContainers(query: { all: boolean; limit?: number; filters: ApiFilters }) {
    this.check('listContainers');
    const labels = query.filters.get('label') ?? [];
    const statuses = query.filters.get('status') ?? [];
    const names = query.filters.get('name') ?? [];
    return [...this.containers.values()]
      .filter((c) => query.all || c.status === 'running')
      .filter((c) => statuses.length === 0 || statuses.includes(c.status))
      .filter((c) => names.length === 0 || names.some((n) => c.name.includes(n)))
      .filter((c) =>
        labels.every((l) => {
          const [key = '', value] = l.split('=', 2);
          return key in c.labels && (value === undefined || c.labels[key] === value);
        }),
      )
      .slice(0, query.limit ?? Infinity)
      .map(containerSummary);
  }

  async createContainer(name: string | undefined, body: Dockerode.ContainerCreateOptions) {
    const wanted = name ?? `fake_${randomBytes(3).toString('hex')}`;
    if ([...this.containers.values()].some((c) => c.name === wanted)) {
      throw new EngineApiError(409, `Conflict. The container name "/${wanted}" is already in use`);
    }
    const c = this.addContainer({
      name: wanted,
      image: body.Image ?? '',
      cmd: (body.Cmd as string[] | undefined) ?? [],
      labels: body.Labels ?? {},
      tty: body.Tty === true,
      openStdin: body.OpenStdin === true,
    });
    this.emit('container', 'create', c);
    return { Id: c.id, Warnings: [] };
  }

  async inspectContainer(ref: string) {
    return containerInspect(this.find(ref));
  }

  async startContainer(ref: string) {
    const c = this.find(ref);
    if (c.status === 'running') return 'unchanged' as const;
    c.status = 'running';
    this.emit('container', 'start', c);
    return 'started' as const;
  }
  async stopContainer(ref: string) {
    const c = this.find(ref);
    if (c.status !== 'running') return 'unchanged' as const;
    this.exit(ref, 143);
    return 'stopped' as const;
  }
  async restartContainer(ref: string) {
    await this.stopContainer(ref);
    await this.startContainer(ref);
  }
  async killContainer(ref: string) {
    const c = this.find(ref);
    if (c.status !== 'running') throw new EngineApiError(409, `Container ${c.id} is not running`);
    this.exit(ref, 137);
  }
  async pauseContainer(ref: string) {
    this.find(ref).status = 'paused';
  }
  async unpauseContainer(ref: string) {
    this.find(ref).status = 'running';
  }
  async renameContainer(ref: string, newName: string) {
    this.find(ref).name = newName;
  }
  async removeContainer(ref: string, options: { force: boolean }) {
    const c = this.find(ref);
    if (c.status === 'running' && !options.force) {
      throw new EngineApiError(
        409,
        `You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`,
      );
    }
    this.containers.delete(c.id);
    this.emit('container', 'destroy', c);
    this.bus.emit(`removed:${c.id}`);
  }

  async waitContainer(
    ref: string,
    condition: 'not-running' | 'next-exit' | 'removed',
    signal: AbortSignal,
  ) {
    const c = this.find(ref);
    if (condition === 'not-running' && c.status !== 'running') return { StatusCode: c.exitCode };
    const event = condition === 'removed' ? `removed:${c.id}` : `exit:${c.id}`;
    const [code] = (await EventEmitter.once(this.bus, event, { signal })) as [number?];
    return { StatusCode: code ?? c.exitCode };
  }

  /** Past chunks (tail applied), then with `follow` new ones until exit or abort. */
  async containerLogs(ref: string, query: LogQuery, signal: AbortSignal) {
    const c = this.find(ref);
    const wanted = (chunk: OutputChunk) =>
      chunk.stream === 'stdout' ? query.stdout : query.stderr;
    const past = c.logs.filter(wanted);
    const selected = query.tail === 'all' ? past : past.slice(past.length - query.tail);
    const live = new Channel<OutputChunk>();
    if (query.follow && c.status === 'running') this.follow(c, live, signal);
    else live.end();
    async function* output() {
      yield* selected;
      for await (const chunk of live) if (wanted(chunk)) yield chunk;
    }
    return { tty: c.tty, output: output() };
  }

  private follow(c: FakeContainer, into: Channel<OutputChunk>, signal: AbortSignal): void {
    const onLog = (chunk: OutputChunk) => into.push(chunk);
    const stop = () => {
      this.bus.off(`log:${c.id}`, onLog);
      this.bus.off(`exit:${c.id}`, stop);
      into.end();
    };
    this.bus.on(`log:${c.id}`, onLog);
    this.bus.once(`exit:${c.id}`, stop);
    signal.addEventListener('abort', stop, { once: true });
  }

  /** Output from now on; stdin (when asked and open) is echoed into the container's stdout log. */
  async attachContainer(ref: string, query: { stdin: boolean }, signal: AbortSignal) {
    const c = this.find(ref);
    const live = new Channel<OutputChunk>();
    this.follow(c, live, signal);
    let stdin: PassThrough | undefined;
    if (query.stdin && c.openStdin) {
      stdin = new PassThrough();
      stdin.on('data', (data: Buffer) => this.log(c.id, 'stdout', data.toString()));
    }
    const done = EventEmitter.once(this.bus, `exit:${c.id}`, { signal }).then(
      () => undefined,
      () => undefined,
    );
    return { tty: c.tty, output: live, done, ...(stdin ? { stdin } : {}) } as StreamSession;
  }
  async resizeContainer(ref: string) {
    this.find(ref);
  }
  async topContainer(ref: string) {
    this.find(ref);
    return { Titles: ['PID', 'CMD'], Processes: [['4242', 'sh']] };
  }

  async statContainerPath(ref: string, path: string) {
    return fakeStat(this.find(ref).files, ref, path);
  }
  async getContainerArchive(ref: string, path: string) {
    return fakeGetArchive(this.find(ref).files, ref, path);
  }
  /** Options of the last PUT, for tests of the query parameters. */
  lastPutOptions: { noOverwriteDirNonDir: boolean; copyUidGid: boolean } | undefined;
  async putContainerArchive(
    ref: string,
    path: string,
    archive: Readable,
    options: { noOverwriteDirNonDir: boolean; copyUidGid: boolean },
  ) {
    this.lastPutOptions = options;
    await fakePutArchive(this.find(ref).files, ref, path, archive);
  }

  async createExec(ref: string, body: Dockerode.ExecCreateOptions) {
    const container = this.find(ref);
    if (container.status !== 'running') {
      throw new EngineApiError(409, `Container ${container.id} is not running`);
    }
    const id = hex();
    this.execs.set(id, { id, container, body, running: false, exitCode: null });
    return { Id: id };
  }
  private exec(id: string): FakeExec {
    const exec = this.execs.get(id);
    if (exec === undefined) throw new EngineApiError(404, `No such exec instance: ${id}`);
    return exec;
  }

  async startExec(id: string, options: { tty: boolean }) {
    const exec = this.exec(id);
    const args = (exec.body.Cmd ?? []) as string[];
    const code = Number(/^exit=(\d+)$/.exec(args.at(-1) ?? '')?.[1] ?? 0);
    const tty = options.tty || exec.body.Tty === true;
    const out = new Channel<OutputChunk>();
    const emit = (stream: 'stdout' | 'stderr', data: Buffer | string) =>
      out.push({ stream: tty ? 'stdout' : stream, data: Buffer.from(data) });
    exec.running = true;
    emit('stderr', `exec ${args.join(' ')}\n`);
    let settle: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const finish = () => {
      exec.running = false;
      exec.exitCode = code;
      out.end();
      settle();
    };
    let stdin: PassThrough | undefined;
    if (exec.body.AttachStdin === true) {
      stdin = new PassThrough();
      stdin.on('data', (data: Buffer) => emit('stdout', data));
      stdin.on('end', finish);
    } else {
      if (args[0] === 'echo') emit('stdout', `${args.slice(1).join(' ')}\n`);
      setImmediate(finish);
    }
    return { tty, output: out, done, ...(stdin ? { stdin } : {}) } as StreamSession;
  }
  async resizeExec(id: string) {
    this.exec(id);
  }
  async inspectExec(id: string) {
    return execInspect(this.exec(id));
  }
}
