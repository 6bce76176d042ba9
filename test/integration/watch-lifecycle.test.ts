// Watch mode around container lifecycles on the real engine: initial_sync,
// files changed while a container was stopped or recreated, the restart,
// rebuild and sync+exec actions.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/index.js';
import { isSynced, SLEEPER, watchedProject } from '../support/watch.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const lifecycleProject = (name: string) => `
name: ${name}
services:
  web:
    image: busybox:latest
    command: ${SLEEPER}
    develop:
      watch:
        - path: ./src
          target: /app
          action: sync
          initial_sync: true
        - path: ./conf
          action: restart
        - path: ./hooks
          target: /hooks
          action: sync+exec
          exec:
            command: sh -c 'cat /hooks/in > /hooks/out; echo hooked'
        - path: ./image.txt
          action: rebuild
`;

const files = {
  'src/before.txt': 'present before watching',
  'conf/app.conf': 'v1',
  'hooks/.keep': '',
  'image.txt': 'v1',
};

const is =
  <T extends WatchEvent['type']>(type: T) =>
  (e: WatchEvent): e is Extract<WatchEvent, { type: T }> =>
    e.type === type;

describe('watch: lifecycles', () => {
  it('initial_sync copies the rule path before watching starts', async () => {
    const w = await watchedProject('tsc-watch-init', lifecycleProject, files);
    const initial = await w.events.waitFor(isSynced('web', 'initial'));
    expect(initial.files).toBe(1);
    expect(await w.sh('cat /app/before.txt')).toBe('present before watching');
    // Only the sync rule asked for it: the exec rule's directory was not copied.
    expect(await w.sh('ls /hooks 2>&1 || true')).toMatch(/No such file/);
  });

  it('a file changed while the container was stopped is there after it starts', async () => {
    const w = await watchedProject('tsc-watch-stopped', lifecycleProject, files);
    const id = await w.containerId();
    await w.compose.engine.stopContainer(id, { timeoutSeconds: 5 });
    const mark = w.events.all.length;
    // The handle's own event stream, alongside the onEvent callback.
    const stream = w.handle.events()[Symbol.asyncIterator]();
    w.write('src/while-stopped.txt', 'written while stopped');
    // Let the change be seen and its batch handled (nothing to sync into: the container is stopped).
    await sleep(500);
    await w.handle.idle();
    expect(w.events.all.slice(mark).filter(isSynced())).toEqual([]);
    await w.compose.engine.startContainer(id);
    const resync = await w.events.waitFor(isSynced('web', 'resync'), mark);
    expect(resync.files).toBe(1);
    expect(await w.sh('cat /app/while-stopped.txt')).toBe('written while stopped');
    let next = await stream.next();
    while (!next.done && next.value.type !== 'synced') next = await stream.next();
    expect(next.value).toEqual(resync);
    await stream.return?.();
  });

  it('restart restarts the container (a new StartedAt); sync+exec runs the hook after the sync', async () => {
    const w = await watchedProject('tsc-watch-restart', lifecycleProject, files);
    const id = await w.containerId();
    const startedAt = async () =>
      ((await w.compose.engine.inspectContainer(id))['State'] as { StartedAt: string }).StartedAt;
    const before = await startedAt();
    let mark = w.events.all.length;
    writeFileSync(join(w.project.dir, 'conf/app.conf'), 'v2');
    const restarted = await w.events.waitFor(is('restarted'), mark);
    expect(restarted.containers).toEqual([`${w.project.name}-web-1`]);
    expect(await startedAt()).not.toBe(before);
    expect(await w.containerId()).toBe(id);

    mark = w.events.all.length;
    w.write('hooks/in', 'hook input');
    const exec = await w.events.waitFor(is('exec'), mark);
    expect([exec.exitCode, exec.output]).toEqual([0, 'hooked']);
    expect(await w.sh('cat /hooks/out')).toBe('hook input');
    // The order of one batch: the sync line comes before the exec line.
    const kinds = w.events.all.slice(mark).map((e) => e.type);
    expect(kinds.indexOf('synced')).toBeLessThan(kinds.indexOf('exec'));
  });

  it('rebuild recreates the container, which then gets every change synced since watching began', async () => {
    const w = await watchedProject('tsc-watch-rebuild', lifecycleProject, files);
    const oldId = await w.containerId();
    let mark = w.events.all.length;
    w.write('src/synced.txt', 'synced before the rebuild');
    await w.events.waitFor(isSynced('web', 'change'), mark);

    mark = w.events.all.length;
    writeFileSync(join(w.project.dir, 'image.txt'), 'v2');
    await w.events.waitFor(is('rebuilt'), mark);
    const newId = await w.containerId();
    expect(newId).not.toBe(oldId);
    const resync = await w.events.waitFor(isSynced('web', 'resync'), mark);
    // The initial sync's file and the later one: the new container started from the image.
    expect(resync.files).toBe(2);
    expect(await w.sh('cat /app/synced.txt /app/before.txt')).toBe(
      'synced before the rebuildpresent before watching',
    );
  });
});
