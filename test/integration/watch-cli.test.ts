// `tscompose watch` and `up --watch` as processes (the built CLI: `npm run
// build` first): up, one line per batch, Ctrl-C ends with 130 as Docker Compose.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeProject, SLEEPER } from '../support/compose-project.js';

const watched = (name: string) => `
name: ${name}
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "echo web-ready; trap 'exit 0' TERM; sleep 3600 & wait"]
    develop:
      watch:
        - path: ./src
          target: /app
          action: sync
  db:
    image: busybox:latest
    command: ${SLEEPER}
`;

describe('watch from the command line', () => {
  it('watch: runs up -d, prints one line per batch, exits 130 on Ctrl-C and leaves the containers running', async () => {
    const project = composeProject('tsc-watch-cli', watched);
    mkdirSync(join(project.dir, 'src'));
    const run = project.spawn(['watch', '--quiet-period', '5']);
    await run.waitForOutput('Watching web (1 path)');
    expect((await project.containers()).map((c) => [c.service, c.state])).toEqual([
      ['db', 'running'],
      ['web', 'running'],
    ]);
    writeFileSync(join(project.dir, 'src/a.txt'), 'a');
    writeFileSync(join(project.dir, 'src/b.txt'), 'b');
    await run.waitForOutput(/web: synced 2 files in \d+ ms/);
    run.signal('SIGINT');
    const result = await run.exited;
    expect(result.code).toBe(130);
    expect(result.stdout).toContain('Watch stopped');
    expect((await project.containers()).every((c) => c.state === 'running')).toBe(true);
  });

  it('watch refuses a selection without watch rules before starting anything', async () => {
    const project = composeProject('tsc-watch-none', watched);
    const result = project.cli(['watch', 'db']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('none of the selected services is configured for watch');
    expect(await project.containers()).toEqual([]);
  });

  it('up --watch streams logs and watch lines together; -d with --watch is refused', async () => {
    const project = composeProject('tsc-watch-up', watched);
    mkdirSync(join(project.dir, 'src'));
    expect(project.cli(['up', '-d', '--watch']).stderr).toContain(
      '--watch and --detach are incompatible',
    );
    const run = project.spawn(['up', '--watch', 'web']);
    await run.waitForOutput('Watching web');
    await run.waitForOutput(/web-1 +\| web-ready/);
    writeFileSync(join(project.dir, 'src/a.txt'), 'a');
    await run.waitForOutput(/web: synced 1 file in/);
    run.signal('SIGINT');
    const result = await run.exited;
    expect(result.code).toBe(130);
  });
});
