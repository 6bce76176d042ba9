/**
 * `docker exec`: an exec instance is created (config only), started once
 * (RuntimeDriver.exec), and inspected for its exit code. Instances live in
 * memory and go with their container. The process's output is pumped into a
 * queue so that a client that detaches or disconnects never leaves it blocked
 * on a full pipe.
 */
import type Dockerode from 'dockerode';
import {
  EngineApiError,
  type ExecHandle,
  type OutputChunk,
  type StreamSession,
} from '../../ports.js';
import { mergeEnv } from './config-merge.js';
import type { ContainerDeps } from './deps.js';
import { emitContainerEvent } from './events.js';
import { newContainerId } from './names.js';
import type { ContainerRecord } from './record.js';

interface ExecInstance {
  readonly id: string;
  readonly containerId: string;
  readonly config: Dockerode.ExecCreateOptions;
  running: boolean;
  exitCode: number | null;
  pid: number;
  handle?: ExecHandle;
}

function checkRunning(record: ContainerRecord): void {
  const { Status } = record.state;
  if (Status === 'paused') {
    throw new EngineApiError(
      409,
      `Container ${record.id} is paused, unpause the container before exec`,
    );
  }
  if (Status === 'restarting') {
    throw new EngineApiError(
      409,
      `Container ${record.id} is restarting, wait until the container is running`,
    );
  }
  if (Status !== 'running') throw new EngineApiError(409, `Container ${record.id} is not running`);
}

/** Reads `source` to its end in the background; the returned iterable yields until `signal` aborts. */
function pump(source: AsyncIterable<OutputChunk>, signal: AbortSignal): AsyncIterable<OutputChunk> {
  const queue: OutputChunk[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  void (async () => {
    try {
      for await (const chunk of source) {
        if (!signal.aborted) queue.push(chunk);
        wake?.();
      }
    } finally {
      ended = true;
      wake?.();
    }
  })();
  signal.addEventListener('abort', () => wake?.(), { once: true });
  return (async function* () {
    while (!signal.aborted) {
      const chunk = queue.shift();
      if (chunk !== undefined) {
        yield chunk;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  })();
}

export class Execs {
  private readonly instances = new Map<string, ExecInstance>();

  constructor(private readonly deps: ContainerDeps) {}

  private get(execId: string): ExecInstance {
    const instance = this.instances.get(execId);
    if (instance === undefined) throw new EngineApiError(404, `No such exec instance: ${execId}`);
    return instance;
  }

  idsOf(containerId: string): string[] {
    return [...this.instances.values()]
      .filter((i) => i.containerId === containerId)
      .map((i) => i.id);
  }

  forget(containerId: string): void {
    for (const id of this.idsOf(containerId)) this.instances.delete(id);
  }

  private event(instance: ExecInstance, action: string, extra: Record<string, string> = {}): void {
    const record = this.deps.registry.byId(instance.containerId);
    if (record === undefined) return;
    // Docker names the command in exec_create and exec_start, not in exec_die.
    const command = (instance.config.Cmd ?? []).join(' ');
    const name = action === 'exec_die' ? action : `${action}: ${command}`;
    emitContainerEvent(this.deps, record, name, {
      execID: instance.id,
      ...extra,
    });
  }

  async create(ref: string, body: Dockerode.ExecCreateOptions): Promise<{ Id: string }> {
    const record = this.deps.registry.resolve(ref);
    checkRunning(record);
    if (!Array.isArray(body.Cmd) || body.Cmd.length === 0) {
      throw new EngineApiError(400, 'No exec command specified');
    }
    const instance: ExecInstance = {
      id: newContainerId(),
      containerId: record.id,
      config: { ...body },
      running: false,
      exitCode: null,
      pid: 0,
    };
    this.instances.set(instance.id, instance);
    this.event(instance, 'exec_create');
    return { Id: instance.id };
  }

  async start(
    execId: string,
    options: { detach: boolean; tty: boolean },
    signal: AbortSignal,
  ): Promise<StreamSession> {
    const instance = this.get(execId);
    if (instance.running)
      throw new EngineApiError(409, `Error: Exec command ${execId} is already running`);
    if (instance.exitCode !== null)
      throw new EngineApiError(409, `Error: Exec command ${execId} has already run`);
    const record = this.deps.registry.byId(instance.containerId);
    if (record === undefined)
      throw new EngineApiError(404, `No such container: ${instance.containerId}`);
    checkRunning(record);
    const { config } = instance;
    const tty = config.Tty ?? options.tty;
    instance.running = true;
    let handle: ExecHandle;
    try {
      handle = await this.deps.runtime.exec(record.id, {
        args: config.Cmd ?? [],
        env: mergeEnv(config.Env ?? [], record.config.Env),
        cwd: config.WorkingDir || record.config.WorkingDir || undefined,
        user: config.User || record.config.User,
        tty,
        stdin: config.AttachStdin === true && !options.detach,
        privileged: config.Privileged === true,
      });
    } catch (error) {
      instance.running = false;
      instance.exitCode = 126;
      if (error instanceof EngineApiError) throw error;
      throw new EngineApiError(500, `exec failed: ${(error as Error).message}`, { cause: error });
    }
    instance.handle = handle;
    instance.pid = handle.pid;
    this.event(instance, 'exec_start');
    const exited = handle.exit.then(
      (code) => code,
      () => 126,
    );
    void exited.then((code) => {
      instance.running = false;
      instance.exitCode = code;
      this.event(instance, 'exec_die', { exitCode: `${code}` });
    });
    if (options.detach) {
      // Nobody reads a detached exec's output: drain it so the process never blocks on a pipe.
      pump(handle.output, AbortSignal.abort());
      return {
        tty,
        output: pump((async function* () {})(), AbortSignal.abort()),
        done: Promise.resolve(),
      };
    }
    const done = exited.then(() => undefined);
    return { tty, output: pump(handle.output, signal), stdin: handle.stdin, done };
  }

  async resize(execId: string, size: { height: number; width: number }): Promise<void> {
    const instance = this.get(execId);
    if (instance.handle !== undefined && instance.running) await instance.handle.resize(size);
  }

  inspect(execId: string): Dockerode.ExecInspectInfo {
    const { id, config, running, exitCode, pid, containerId } = this.get(execId);
    const [entrypoint = '', ...args] = config.Cmd ?? [];
    return {
      CanRemove: false,
      DetachKeys: config.DetachKeys ?? '',
      ID: id,
      Running: running,
      ExitCode: exitCode,
      ProcessConfig: {
        privileged: config.Privileged === true,
        user: config.User ?? '',
        tty: config.Tty === true,
        entrypoint,
        arguments: args,
      },
      OpenStdin: config.AttachStdin === true,
      OpenStderr: config.AttachStderr === true,
      OpenStdout: config.AttachStdout === true,
      ContainerID: containerId,
      Pid: pid,
    };
  }
}
