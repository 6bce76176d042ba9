// Watch's `rebuild` on a service that builds its image, on the real engine: the
// image is rebuilt from the changed context, the service's container recreated
// from it, its `restart: true` dependent restarted, its dependency untouched;
// `prune` removes the image the rebuild left dangling, `prune: false` keeps it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/index.js';
import { composeProject, type ComposeProject } from '../support/compose-project.js';
import { dockerClient } from '../support/engine.js';
import { imageIdOf, removeProjectImages } from '../support/images.js';
import { SLEEPER, watchedProject, type WatchedProject } from '../support/watch.js';

const project = (name: string) => `
name: ${name}
services:
  db:
    image: busybox:latest
    command: ${SLEEPER}
  web:
    build: ./web
    depends_on: [db]
    develop:
      watch:
        - path: ./web/www
          action: rebuild
  worker:
    image: busybox:latest
    command: ${SLEEPER}
    depends_on:
      web:
        condition: service_started
        restart: true
`;

const files = {
  'web/Dockerfile': [
    'FROM busybox:latest',
    'COPY www /www',
    `CMD ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]`,
    '',
  ].join('\n'),
  'web/www/index.html': 'version 1\n',
};

/** The page as web's httpd serves it, asked from inside the container (retrying while httpd starts). */
const served = (w: WatchedProject) =>
  w.sh(
    'for i in $(seq 1 25); do wget -qO- http://127.0.0.1:8080/index.html && exit 0; sleep 0.2; done; exit 1',
  );

async function container(w: WatchedProject, service: string) {
  const id = await w.containerId(service);
  const info = await w.compose.engine.inspectContainer(id);
  return { id, startedAt: (info['State'] as { StartedAt: string }).StartedAt };
}

const isType =
  <T extends WatchEvent['type']>(type: T) =>
  (e: WatchEvent): e is Extract<WatchEvent, { type: T }> =>
    e.type === type;

const sessions: WatchedProject[] = [];
const cliProjects: ComposeProject[] = [];
afterEach(async () => {
  for (const p of cliProjects.splice(0)) {
    await p.cleanup();
    await removeProjectImages(p.name);
  }
  // Stop watching and remove the containers before their images (an image in use cannot go).
  for (const w of sessions.splice(0)) {
    await w.handle.stop();
    await w.project.cleanup();
    await removeProjectImages(w.project.name);
  }
});

/** Brings the project up, edits the page, waits for the rebuild; what changed around it. */
async function rebuildOnce(prefix: string, prune?: boolean) {
  const w = await watchedProject(prefix, project, files, {
    quietPeriodMs: 5,
    ...(prune !== undefined ? { prune } : {}),
  });
  sessions.push(w);
  const image = `${w.project.name}-web`;
  expect(await served(w)).toBe('version 1\n');
  const before = {
    db: await container(w, 'db'),
    web: await container(w, 'web'),
    worker: await container(w, 'worker'),
    image: (await imageIdOf(image))!,
  };
  expect(before.image).toBeDefined();

  const mark = w.events.all.length;
  w.write('web/www/index.html', 'version 2\n');
  await w.events.waitFor(isType('rebuilt'), mark, 60_000);
  await w.handle.idle();
  expect(w.events.all.slice(mark).filter(isType('error'))).toEqual([]);
  const after = {
    db: await container(w, 'db'),
    web: await container(w, 'web'),
    worker: await container(w, 'worker'),
    image: (await imageIdOf(image))!,
  };
  return { w, before, after, events: w.events.all.slice(mark) };
}

describe('watch: rebuild of a built service', () => {
  it('rebuilds the image, recreates the service, restarts its restart: true dependent, leaves its dependency alone, prunes the old image', async () => {
    const { w, before, after, events } = await rebuildOnce('tsc-watch-rebuild-build');

    // A new image, and a new container from it serving the new page.
    expect(after.image).not.toBe(before.image);
    expect(after.web.id).not.toBe(before.web.id);
    const webInfo = await w.compose.engine.inspectContainer(after.web.id);
    expect(webInfo['Image']).toBe(after.image);
    expect(await served(w)).toBe('version 2\n');

    // worker declared `restart: true` on web: same container, started again.
    expect(after.worker.id).toBe(before.worker.id);
    expect(after.worker.startedAt).not.toBe(before.worker.startedAt);
    // db is a dependency: neither recreated nor restarted.
    expect(after.db).toEqual(before.db);

    // The previous image lost its tag to the new build and no container uses it: pruned.
    expect(await imageIdOf(before.image)).toBeUndefined();
    expect(events.find(isType('rebuilt'))?.prunedImages).toEqual([before.image]);
  });

  it('with prune: false the previous image stays, dangling', async () => {
    const { before, after, events } = await rebuildOnce('tsc-watch-rebuild-keep', false);
    expect(after.image).not.toBe(before.image);
    expect(events.find(isType('rebuilt'))?.prunedImages).toBeUndefined();
    const docker = await dockerClient();
    const old = await docker.getImage(before.image).inspect();
    expect(old.RepoTags ?? []).toEqual([]);
  });

  it('tscompose watch prints the build and the prune; --quiet --no-prune print neither and keep the old image', async () => {
    const p = composeProject('tsc-watch-rebuild-cli', project);
    cliProjects.push(p);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(p.dir, path)), { recursive: true });
      writeFileSync(join(p.dir, path), content);
    }
    const image = `${p.name}-web`;
    const loud = p.spawn(['watch', '--quiet-period', '5']);
    await loud.waitForOutput('Watching web (1 path)', 60_000);
    const first = (await imageIdOf(image))!;
    writeFileSync(join(p.dir, 'web/www/index.html'), 'version 2\n');
    await loud.waitForOutput(/web: rebuilt in .+, recreated, removed the previous image/, 60_000);
    loud.signal('SIGINT');
    const shown = await loud.exited;
    // The build's own lines, as --progress plain prints them.
    expect(shown.stdout).toMatch(new RegExp(`Image ${image} +.*COPY www /www`));
    expect(await imageIdOf(first)).toBeUndefined();

    const quiet = p.spawn(['watch', '--no-up', '--quiet', '--no-prune', '--quiet-period', '5']);
    await quiet.waitForOutput('Watching web (1 path)', 60_000);
    const second = (await imageIdOf(image))!;
    writeFileSync(join(p.dir, 'web/www/index.html'), 'version 3\n');
    await quiet.waitForOutput(/web: rebuilt in .+, recreated\n/, 60_000);
    quiet.signal('SIGINT');
    const hidden = await quiet.exited;
    expect(hidden.stdout).not.toContain(`Image ${image}`);
    expect(hidden.stdout).not.toContain('removed the previous image');
    expect(await imageIdOf(second)).toBe(second);
    expect(await imageIdOf(image)).not.toBe(second);
  });
});
