// Watch mode's sync on the real engine: what the container sees after edits,
// creations, deletions and renames of files and directories under a rule path;
// ignore rules; and a burst of 500 files arriving complete in one batch.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSynced, SLEEPER, watchedProject } from '../support/watch.js';

const syncProject = (name: string) => `
name: ${name}
services:
  web:
    image: busybox:latest
    build: { context: . }
    command: ${SLEEPER}
    develop:
      watch:
        - path: ./src
          target: /app
          action: sync
          ignore: [ "*.log", "tmp/" ]
`;

describe('watch: sync', () => {
  it('edits, creations, deletions and renames of files and directories reach the container', async () => {
    const w = await watchedProject('tsc-watch-sync', syncProject, { 'src/keep.txt': 'keep' });
    const src = (p: string) => join(w.project.dir, 'src', p);
    let mark = w.events.all.length;

    w.write('src/a.txt', 'one');
    await w.events.waitFor(isSynced(), mark);
    expect(await w.sh('cat /app/a.txt')).toBe('one');

    mark = w.events.all.length;
    writeFileSync(src('a.txt'), 'two');
    await w.events.waitFor(isSynced(), mark);
    expect(await w.sh('cat /app/a.txt')).toBe('two');

    mark = w.events.all.length;
    mkdirSync(src('dir/sub'), { recursive: true });
    writeFileSync(src('dir/sub/deep.txt'), 'deep');
    writeFileSync(src('run.sh'), '#!/bin/sh\necho ran\n', { mode: 0o755 });
    await w.events.waitFor(isSynced(), mark);
    // A batch may land before the last file is written: wait until both are there.
    for (
      let i = 0;
      i < 50 && !(await w.sh('ls /app/dir/sub /app/run.sh 2>&1')).includes('deep.txt');
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    expect(await w.sh('cat /app/dir/sub/deep.txt; /app/run.sh')).toBe('deepran\n');

    mark = w.events.all.length;
    renameSync(src('a.txt'), src('b.txt'));
    await w.events.waitFor(isSynced(), mark);
    await expect.poll(() => w.sh('ls /app')).toBe('b.txt\ndir\nrun.sh\n');
    expect(await w.sh('cat /app/b.txt')).toBe('two');

    mark = w.events.all.length;
    renameSync(src('dir'), src('moved'));
    await w.events.waitFor(isSynced(), mark);
    await expect.poll(() => w.sh('ls /app')).toBe('b.txt\nmoved\nrun.sh\n');
    expect(await w.sh('cat /app/moved/sub/deep.txt')).toBe('deep');

    mark = w.events.all.length;
    rmSync(src('moved'), { recursive: true });
    rmSync(src('b.txt'));
    const removed = await w.events.waitFor(isSynced(), mark);
    expect(removed.removed).toBeGreaterThan(0);
    await expect.poll(() => w.sh('ls /app')).toBe('run.sh\n');
    // keep.txt existed before watching and no rule asked for an initial sync.
    expect(await w.sh('ls /app/keep.txt 2>&1 || true')).toMatch(/No such file/);
  });

  it('honours the rule ignore, the build context .dockerignore, editor temporaries and .git', async () => {
    const w = await watchedProject('tsc-watch-ign', syncProject, {
      '.dockerignore': 'src/secret*\n',
    });
    const mark = w.events.all.length;
    w.write('src/debug.log', 'x');
    w.write('src/tmp/cache.bin', 'x');
    w.write('src/secret.env', 'x');
    w.write('src/.main.js.swp', 'x');
    w.write('src/main.js~', 'x');
    w.write('src/.git/HEAD', 'x');
    w.write('src/lib/debug.log', 'kept: *.log is relative to the rule path');
    w.write('src/main.js', 'main');
    const first = await w.events.waitFor(isSynced(), mark);
    await w.handle.idle();
    const files = w.events.all
      .slice(mark)
      .filter(isSynced())
      .reduce((n, e) => n + e.files, 0);
    expect(first.files).toBeGreaterThan(0);
    expect(await w.sh('cd /app && find . -type f | sort')).toBe('./lib/debug.log\n./main.js\n');
    expect(files).toBe(2);
  });

  it('a burst of 500 files arrives complete in one batch', async () => {
    const w = await watchedProject('tsc-watch-burst', syncProject, { 'src/.placeholder': '' });
    const mark = w.events.all.length;
    mkdirSync(join(w.project.dir, 'src/many'));
    for (let i = 0; i < 500; i++)
      writeFileSync(join(w.project.dir, 'src/many', `f${i}.txt`), `content ${i}`);
    const batch = await w.events.waitFor(isSynced(), mark);
    expect(batch.files).toBe(500);
    await w.handle.idle();
    expect(
      w.events.all.slice(mark).filter(isSynced()),
      JSON.stringify(w.events.all.slice(mark)),
    ).toHaveLength(1);
    expect((await w.sh('ls /app/many | wc -l')).trim()).toBe('500');
    expect(await w.sh('cat /app/many/f499.txt')).toBe('content 499');
  });
});
