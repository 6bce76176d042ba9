// Shared by the watch integration tests: a project with develop.watch brought
// up through the library, a recorder of watch events to wait on, and a shell
// in a container to see what it sees.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import { Compose, type WatchEvent, type WatchHandle, type WatchOptions } from '../../src/index.js';
import { composeProject, SLEEPER, type ComposeProject } from './compose-project.js';

export { SLEEPER };

export interface WatchedProject {
  readonly project: ComposeProject;
  readonly compose: Compose;
  readonly events: EventRecorder;
  readonly handle: WatchHandle;
  /** Writes a file under the project directory (parents created). */
  write(path: string, content: string): void;
  /** `sh -c SCRIPT` in the service's first container; its stdout. */
  sh(script: string, service?: string): Promise<string>;
  containerId(service?: string): Promise<string>;
}

export class EventRecorder {
  readonly all: WatchEvent[] = [];
  private readonly waiters = new Set<() => void>();

  readonly push = (event: WatchEvent): void => {
    this.all.push(event);
    for (const wake of [...this.waiters]) wake();
  };

  /** The first event (from index `from`) matching; rejects after `timeoutMs` with what was seen. */
  waitFor<T extends WatchEvent>(
    match: (event: WatchEvent) => event is T,
    from = 0,
    timeoutMs = 20_000,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.all.slice(from).find(match);
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching watch event; saw ${JSON.stringify(this.all, null, 1)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}

export const isSynced = (
  service = 'web',
  reason?: string,
): ((e: WatchEvent) => e is Extract<WatchEvent, { type: 'synced' }>) =>
  ((e: WatchEvent) =>
    e.type === 'synced' &&
    e.service === service &&
    (reason === undefined || e.reason === reason)) as never;

const handles: WatchHandle[] = [];
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.stop();
});

/** Up (through the library), then watch; stopped after the test, the project removed by composeProject. */
export async function watchedProject(
  prefix: string,
  compose: (name: string) => string,
  files: Record<string, string> = {},
  options: WatchOptions & { readonly up?: boolean } = {},
): Promise<WatchedProject> {
  const project = composeProject(prefix, compose);
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(project.dir, path)), { recursive: true });
    writeFileSync(join(project.dir, path), content);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  const loaded = await Compose.load({ cwd: project.dir });
  if (options.up !== false) await loaded.up({});
  const events = new EventRecorder();
  const handle = await loaded.watch({ ...options, onEvent: events.push });
  handles.push(handle);
  const containerId = async (service = 'web') => {
    const list = await loaded.engine.listContainers({ project: project.name, all: true });
    const found = list.find((c) => c.labels['com.docker.compose.service'] === service);
    if (!found) throw new Error(`no container for ${service}`);
    return found.id;
  };
  const sh = async (script: string, service = 'web') => {
    const chunks: Buffer[] = [];
    const stdout = new Writable({
      write(chunk: Buffer, _e, done) {
        chunks.push(chunk);
        done();
      },
    });
    await loaded.engine.exec(await containerId(service), { command: ['sh', '-c', script], stdout });
    return Buffer.concat(chunks).toString('utf8');
  };
  return { project, compose: loaded, events, handle, write, sh, containerId };
}
