// pull and push through the CLI against a real registry behind htpasswd auth, with the
// credentials in a temporary DOCKER_CONFIG: build, push, remove locally, then `pull` and
// `up` bring the image back. A wrong password fails clearly ("unauthorized", the registry
// named), and no output mode ever prints the password.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../support/cli.js';
import { composeProject, type ComposeProject } from '../support/compose-project.js';
import { imageIdOf, removeImages, removeProjectImages } from '../support/images.js';
import { startTestRegistry, type TestRegistry } from '../support/registry.js';

const username = 'tscompose';
const password = `pw-${randomBytes(8).toString('hex')}`;
const wrongPassword = `wrong-${randomBytes(8).toString('hex')}`;
const SLEEP = `CMD ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]`;

let registry: TestRegistry;
let scratch: string;
let project: ComposeProject;
let reference: string;
/** Every output of every run, to search for the passwords at the end. */
const outputs: string[] = [];

function dockerConfig(name: string, secret: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const auth = Buffer.from(`${username}:${secret}`).toString('base64');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
  return dir;
}

function run(args: readonly string[], config: string): CliResult {
  const result = project.cli(args, { env: { DOCKER_CONFIG: config } });
  outputs.push(result.stdout, result.stderr);
  return result;
}

let good: string;
let wrong: string;

beforeAll(async () => {
  registry = await startTestRegistry({ auth: { username, password } });
  scratch = mkdtempSync(join(tmpdir(), 'tscompose-pull-push-'));
  good = dockerConfig('good', password);
  wrong = dockerConfig('wrong', wrongPassword);
  project = composeProject(
    'tsc-pull',
    (name) => {
      reference = `${registry.host}/tscompose-it/${name}:1`;
      return [
        `name: ${name}`,
        'services:',
        '  app:',
        `    image: ${reference}`,
        '    build: ./ctx',
        '',
      ].join('\n');
    },
    'file',
  );
  mkdirSync(join(project.dir, 'ctx'));
  writeFileSync(join(project.dir, 'ctx/marker'), `${project.name}\n`);
  writeFileSync(
    join(project.dir, 'ctx/Dockerfile'),
    `FROM busybox:latest\nCOPY marker /marker\n${SLEEP}\n`,
  );
  // The same image without a build section: a failed pull of it is an error.
  writeFileSync(
    join(project.dir, 'pull-only.yaml'),
    [`name: ${project.name}`, 'services:', '  app:', `    image: ${reference}`, ''].join('\n'),
  );
}, 120_000);

afterAll(async () => {
  await project?.cleanup();
  if (project) await removeProjectImages(project.name);
  if (reference) await removeImages([reference]);
  await registry?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('pull and push with registry credentials', () => {
  let pushedId: string | undefined;

  it('builds and pushes with the credentials of DOCKER_CONFIG', () => {
    expect(run(['build', '-q'], good).code).toBe(0);
    const pushed = run(['push', '--progress', 'plain'], good);
    expect(pushed.stderr).toContain(`Image ${reference}  Pushed`);
    expect(pushed.code).toBe(0);
  });

  it('pull brings the removed image back, with per-layer progress events in json', async () => {
    pushedId = await imageIdOf(reference);
    expect(pushedId).toBeDefined();
    await removeImages([reference]);
    expect(await imageIdOf(reference)).toBeUndefined();

    const pulled = run(['pull', '--progress', 'json'], good);
    expect(pulled.code).toBe(0);
    const events = pulled.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.at(-1)).toMatchObject({ type: 'result', ok: true, done: ['image:app'] });
    expect(events.some((e) => e['type'] === 'action.progress')).toBe(true);
    expect(await imageIdOf(reference)).toBe(pushedId);
  });

  it('up pulls the missing image (not a rebuild) and runs it', async () => {
    await removeImages([reference]);
    const up = run(['up', '-d', '--progress', 'plain'], good);
    expect(up.code).toBe(0);
    expect(up.stderr).toContain(`Image ${reference}  Pulled`);
    expect(up.stderr).not.toContain('Building');
    expect(await imageIdOf(reference)).toBe(pushedId);
    const containers = await project.containers();
    expect(containers.map((c) => [c.service, c.state])).toEqual([['app', 'running']]);
    expect(run(['down'], good).code).toBe(0);
  });

  it('a wrong password: "unauthorized" naming the registry, exit 1, in plain, json and tty modes', async () => {
    await removeImages([reference]);
    for (const progress of ['plain', 'json', 'tty']) {
      const pulled = run(['-f', 'pull-only.yaml', 'pull', '--progress', progress], wrong);
      expect(pulled.code).toBe(1);
      const text = pulled.stdout + pulled.stderr;
      expect(text).toMatch(/unauthorized/i);
      expect(text).toContain(registry.host);
    }
    const up = run(['-f', 'pull-only.yaml', 'up', '-d', '--progress', 'plain'], wrong);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/unauthorized.*\(registry 127\.0\.0\.1:\d+; credentials for/);

    // A buildable image whose pull fails only warns, as compose pull does.
    const buildable = run(['pull', '--progress', 'plain'], wrong);
    expect(buildable.code).toBe(0);
    expect(buildable.stderr).toMatch(/WARN.*unauthorized/i);

    expect(run(['build', '-q'], good).code).toBe(0);
    const push = run(['push', '--progress', 'json'], wrong);
    expect(push.code).toBe(1);
    expect(push.stdout).toMatch(/unauthorized/i);
    expect(run(['push', '--ignore-push-failures', '-q'], wrong).code).toBe(0);
  });

  it('never printed a password in any output', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) {
      expect(output).not.toContain(password);
      expect(output).not.toContain(wrongPassword);
      expect(output).not.toContain(Buffer.from(`${username}:${password}`).toString('base64'));
    }
  });
});
