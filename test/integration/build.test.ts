// `build` and `up --build` on the real engine: Dockerfiles FROM the local busybox with
// .dockerignore (exceptions included), args, targets, multi-stage, dockerfile_inline and a
// Dockerfile outside the context; the built image's name and labels; a failing RUN step; a
// FROM image on a registry behind auth, pulled by the engine with the config's credentials.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pushImage } from '../../src/engine/docker/docker-images.js';
import { composeProject, type ComposeProject } from '../support/compose-project.js';
import { dockerClient, runToCompletion } from '../support/engine.js';
import { imageIdOf, removeImages, removeProjectImages } from '../support/images.js';
import { startTestRegistry } from '../support/registry.js';

const SLEEP = `CMD ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]`;
const created: ComposeProject[] = [];
afterEach(async () => {
  for (const project of created.splice(0)) {
    await project.cleanup();
    await removeProjectImages(project.name);
  }
});

/** A project whose compose file starts with `name: <unique name>`, plus its files. */
function project(services: string[], files: Record<string, string>) {
  const p = composeProject('tsc-build', (name) => [`name: ${name}`, ...services, ''].join('\n'));
  created.push(p);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(p.dir, path)), { recursive: true });
    writeFileSync(join(p.dir, path), content);
  }
  return p;
}

async function runIn(image: string, project: string, script: string) {
  return runToCompletion(await dockerClient(), { project, image, cmd: ['sh', '-c', script] });
}

const multiStage = [
  'FROM busybox:latest AS base',
  'ARG VERSION=0',
  'RUN echo "version $VERSION" > /version',
  'FROM base AS final',
  'COPY . /app',
  SLEEP,
  'FROM base AS other',
  'RUN echo other > /other',
  '',
].join('\n');

describe('build', () => {
  it('builds <project>-<service> with .dockerignore exceptions, args and a target, labelled with the project', async () => {
    const p = project(
      [
        'services:',
        '  app:',
        '    build:',
        '      context: ./ctx',
        '      args: { VERSION: "7" }',
        '      target: final',
        '      labels: { team: core }',
      ],
      {
        'ctx/Dockerfile': multiStage,
        'ctx/.dockerignore': '*.txt\n!kept.txt\n**/*.log\n',
        'ctx/kept.txt': 'kept\n',
        'ctx/dropped.txt': 'dropped\n',
        'ctx/deep/down/trace.log': 'log\n',
        'ctx/deep/down/data.json': '{}\n',
      },
    );
    const result = p.cli(['build', '--progress', 'plain']);
    expect(result.stderr).toContain(`Image ${p.name}-app  Built`);
    expect(result.code).toBe(0);

    const image = `${p.name}-app`;
    const info = await (await dockerClient()).getImage(image).inspect();
    expect(info.Config.Labels).toMatchObject({
      'com.docker.compose.project': p.name,
      'com.docker.compose.service': 'app',
      team: 'core',
    });
    const inside = await runIn(
      image,
      p.name,
      'cat /version; cd /app && find . -type f | sort; ls /other 2>&1',
    );
    expect(inside.stdout).toContain('version 7');
    expect(inside.stdout).toContain('./kept.txt');
    expect(inside.stdout).toContain('./deep/down/data.json');
    expect(inside.stdout).not.toContain('dropped.txt');
    expect(inside.stdout).not.toContain('trace.log');
    // The target stops before the `other` stage.
    expect(inside.stdout).toMatch(/ls: \/other: No such file/);

    // --build-arg and --no-cache override the file.
    expect(p.cli(['build', '--build-arg', 'VERSION=9', '--no-cache', '-q']).code).toBe(0);
    expect((await runIn(image, p.name, 'cat /version')).stdout).toBe('version 9\n');
  });

  it('builds dockerfile_inline and a Dockerfile outside the context, then up runs both', async () => {
    const p = project(
      [
        'services:',
        '  inline:',
        '    build:',
        '      context: ./ctx',
        '      dockerfile_inline: |',
        '        FROM busybox:latest',
        '        COPY kept.txt /kept.txt',
        `        ${SLEEP}`,
        '  outside:',
        '    image: local/outside-${COMPOSE_PROJECT_NAME}:1',
        '    build:',
        '      context: ./ctx',
        '      dockerfile: ../outside.Dockerfile',
      ],
      {
        'ctx/kept.txt': 'kept\n',
        'outside.Dockerfile': `FROM busybox:latest\nCOPY . /ctx\n${SLEEP}\n`,
      },
    );
    const up = p.cli(['up', '-d', '--progress', 'plain'], {
      env: { COMPOSE_PROJECT_NAME: p.name },
    });
    expect(up.stderr).toContain(`Image ${p.name}-inline  Built`);
    expect(up.code).toBe(0);
    const containers = await p.containers();
    expect(containers.map((c) => [c.service, c.state])).toEqual([
      ['inline', 'running'],
      ['outside', 'running'],
    ]);
    // The generated Dockerfile is read by the daemon but never copied by `COPY .`.
    const listing = await runIn(`local/outside-${p.name}:1`, p.name, 'ls -a /ctx');
    expect(listing.stdout.split('\n').filter((f) => f.startsWith('.dockerfile'))).toEqual([]);
    expect(listing.stdout).toContain('kept.txt');
    expect(await imageIdOf(`local/outside-${p.name}:1`)).toBeDefined();
  });

  it('up --build rebuilds a changed context and recreates the container with that reason', async () => {
    const p = project(['services:', '  app:', '    build: ./ctx'], {
      'ctx/Dockerfile': `FROM busybox:latest\nCOPY file.txt /file.txt\n${SLEEP}\n`,
      'ctx/file.txt': 'one\n',
    });
    expect(p.cli(['up', '-d']).code).toBe(0);
    const before = await p.containers();
    const firstImage = await imageIdOf(`${p.name}-app`);

    // Without --build nothing changes even though the context did.
    writeFileSync(join(p.dir, 'ctx/file.txt'), 'two\n');
    expect(p.cli(['up', '-d']).code).toBe(0);
    expect((await p.containers())[0]!.id).toBe(before[0]!.id);

    const rebuilt = p.cli(['up', '-d', '--build', '--progress', 'plain']);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toContain(`Image ${p.name}-app  Built`);
    expect(rebuilt.stderr).toContain(`Container ${p.name}-app-1  Recreated`);
    const after = await p.containers();
    expect(after[0]!.id).not.toBe(before[0]!.id);
    expect(await imageIdOf(`${p.name}-app`)).not.toBe(firstImage);
    expect(after[0]!.labels['com.docker.compose.image']).toBe(await imageIdOf(`${p.name}-app`));
  });

  it('a failing RUN step exits non-zero, naming the step and showing its last lines', async () => {
    const p = project(
      [
        'services:',
        '  bad:',
        '    build:',
        '      context: .',
        '      dockerfile_inline: |',
        '        FROM busybox:latest',
        '        RUN echo "about to fail" && exit 3',
      ],
      {},
    );
    const result = p.cli(['build', '--progress', 'plain']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/at Step 2\/\d+ : RUN echo "about to fail" && exit 3: /);
    expect(result.stderr).toMatch(
      /returned a non-zero code: 3\n {2}last output of the step:\n {4}about to fail/,
    );
    const json = p.cli(['up', '-d', '--progress', 'json']);
    expect(json.code).toBe(1);
    const failed = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line['type'] === 'action.fail');
    expect(failed).toMatchObject({ id: 'image:bad', error: { code: 'build.failed' } });
    expect(await p.containers()).toEqual([]);
  });
});

describe('build FROM a private registry', () => {
  it('hands the Docker config credentials of every registry to the engine, and never prints them', async () => {
    const username = 'tscompose';
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await using registry = await startTestRegistry({ auth: { username, password } });
    const scratch = mkdtempSync(join(tmpdir(), 'tscompose-build-auth-'));
    const base = `${registry.host}/tscompose-it/base-${randomBytes(4).toString('hex')}:1`;
    const docker = await dockerClient();
    try {
      await docker.getImage('busybox:latest').tag({
        repo: base.slice(0, base.lastIndexOf(':')),
        tag: '1',
      });
      await pushImage(
        docker,
        base,
        { auth: { username, password, serveraddress: registry.host } },
        () => undefined,
      );
      // Only the registry has it now: the build must pull it.
      await removeImages([base]);
      const withAuth = join(scratch, 'good');
      mkdirSync(withAuth);
      const auth = Buffer.from(`${username}:${password}`).toString('base64');
      writeFileSync(
        join(withAuth, 'config.json'),
        JSON.stringify({ auths: { [registry.host]: { auth } } }),
      );
      const anonymous = join(scratch, 'none');
      mkdirSync(anonymous);
      const p = project(
        [
          'services:',
          '  app:',
          '    build:',
          '      context: .',
          '      dockerfile_inline: |',
          `        FROM ${base}`,
          '        RUN echo built > /built',
        ],
        {},
      );
      const refused = p.cli(['build', '--progress', 'plain'], {
        env: { DOCKER_CONFIG: anonymous },
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /no basic auth credentials|unauthorized|authentication required/,
      );

      const built = p.cli(['build', '--progress', 'plain'], { env: { DOCKER_CONFIG: withAuth } });
      expect(built.stderr).toContain(` : FROM ${base}`);
      expect(built.stderr).toMatch(/Step 1\/\d+ : FROM /);
      expect(built.code).toBe(0);
      expect(await imageIdOf(`${p.name}-app`)).toBeDefined();
      const json = p.cli(['build', '--progress', 'json'], { env: { DOCKER_CONFIG: withAuth } });
      expect(json.code).toBe(0);
      for (const output of [refused, built, json].flatMap((r) => [r.stdout, r.stderr])) {
        expect(output).not.toContain(password);
        expect(output).not.toContain(auth);
      }
    } finally {
      await removeImages([base]);
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
