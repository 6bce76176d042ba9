import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempProject } from '../../support/temp-project.js';

// These run the real executable, as users do; `npm test` builds first.
const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'bin', 'tscompose.js');

function tscompose(
  args: string[],
  options: { cwd: string; input?: string; env?: Record<string, string> },
) {
  const result = spawnSync('node', [bin, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const compose = [
  'services:',
  '  web:',
  '    image: "nginx:${TAG:-1.27}"',
  '    ports: ["127.0.0.1:8080:80"]',
  '    depends_on: [db]',
  '  db:',
  '    image: postgres',
  '    volumes: [data:/var/lib/postgresql/data]',
  '  tools:',
  '    build: ./tools',
  '    profiles: [debug]',
  'volumes:',
  '  data: {}',
  '',
].join('\n');

describe('tscompose config (the executable)', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'commands', 'config.js')))
      throw new Error('run `npm run build` first');
  });

  it('prints the canonical model as YAML, global flags before the command', () => {
    const dir = tempProject({ 'stack.yaml': compose }, 'demo');
    const { code, stdout, stderr } = tscompose(['-f', 'stack.yaml', 'config'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('name: demo\nservices:\n  db:\n');
    expect(stdout).toContain(
      '      - mode: ingress\n        host_ip: 127.0.0.1\n        target: 80\n        published: "8080"\n        protocol: tcp\n',
    );
    expect(stdout).toContain('    name: demo_data\n');
  });

  it('doubles every $ of an interpolated model, as docker compose does, so the output loads back the same', () => {
    const dir = tempProject({
      'compose.yaml':
        'services:\n  web:\n    image: nginx\n    command: echo $$HOME ${GREETING:-hi}\n',
    });
    const { stdout } = tscompose(['config'], { cwd: dir });
    expect(stdout).toContain('      - $$HOME\n      - hi\n');
    const raw = tscompose(['config', '--no-interpolate'], { cwd: dir }).stdout;
    expect(raw).toContain('      - $$HOME\n      - ${GREETING:-hi}\n');
  });

  it('service names after -f FILE are services, not more files', () => {
    const dir = tempProject({ 'stack.yaml': compose }, 'demo');
    const { code, stdout, stderr } = tscompose(
      ['-f', 'stack.yaml', 'config', 'web', '--services'],
      { cwd: dir },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('db\nweb\n');
  });

  it('--format json, -o writes the file', () => {
    const dir = tempProject({ 'compose.yaml': compose });
    const { code } = tscompose(['config', '--format', 'json', '-o', 'out.json'], { cwd: dir });
    expect(code).toBe(0);
    const model = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(model.services.web.image).toBe('nginx:1.27');
    expect(model.services.web.depends_on.db).toEqual({
      condition: 'service_started',
      required: true,
    });
  });

  it('lists services, volumes, images, profiles; a named service brings its dependencies', () => {
    const dir = tempProject({ 'compose.yaml': compose }, 'demo');
    expect(tscompose(['config', '--services'], { cwd: dir }).stdout).toBe('db\nweb\n');
    expect(tscompose(['config', '--volumes'], { cwd: dir }).stdout).toBe('data\n');
    expect(tscompose(['config', '--profiles'], { cwd: dir }).stdout).toBe('debug\n');
    expect(tscompose(['--profile', 'debug', 'config', '--images'], { cwd: dir }).stdout).toBe(
      'postgres\ndemo-tools\nnginx:1.27\n',
    );
    expect(tscompose(['config', '--services', 'web'], { cwd: dir }).stdout).toBe('db\nweb\n');
  });

  it('--hash prints "<service> <sha256>" per service', () => {
    const dir = tempProject({ 'compose.yaml': compose });
    const { stdout } = tscompose(['config', '--hash', '*'], { cwd: dir });
    expect(stdout).toMatch(/^db [0-9a-f]{64}\nweb [0-9a-f]{64}\n$/);
    const changed = tscompose(['config', '--hash', 'web'], { cwd: dir, env: { TAG: '2' } }).stdout;
    expect(changed).not.toBe(stdout.split('\n')[1] + '\n');
  });

  it('--variables lists what the files use, with defaults', () => {
    const dir = tempProject({ 'compose.yaml': compose });
    const { stdout } = tscompose(['config', '--variables'], { cwd: dir });
    expect(stdout.split('\n')[0]).toMatch(/^NAME\s+REQUIRED\s+DEFAULT VALUE\s+ALTERNATE VALUE$/);
    expect(stdout).toMatch(/TAG\s+false\s+1\.27/);
  });

  it('reads -f - from standard input', () => {
    const dir = tempProject({});
    const { code, stdout } = tscompose(['-f', '-', 'config', '--services'], {
      cwd: dir,
      input: 'services:\n  one:\n    image: busybox\n',
    });
    expect(code).toBe(0);
    expect(stdout).toBe('one\n');
  });

  it('-q prints nothing and exits 0 on a valid file', () => {
    const dir = tempProject({ 'compose.yaml': compose });
    expect(tscompose(['config', '-q'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('an invalid file: exit 15, every error with file, line, column and key, no stack trace', () => {
    const dir = tempProject({
      'compose.yaml':
        'services:\n  web:\n    image: nginx\n    prots: ["80:80"]\n  db:\n    image: 12\n',
    });
    const { code, stdout, stderr } = tscompose(['config'], { cwd: dir });
    expect(code).toBe(15);
    expect(stdout).toBe('');
    const file = join(dir, 'compose.yaml');
    expect(stderr).toContain(
      `error: ${file}:4:5: services.web: additional property 'prots' is not allowed (did you mean 'ports'?)`,
    );
    expect(stderr).toContain(`error: ${file}:6:5: services.db.image: must be a string`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('no compose file: exit 14; unknown flag: exit 16', () => {
    const dir = tempProject({});
    const missing = tscompose(['config'], { cwd: dir });
    expect(missing.code).toBe(14);
    expect(missing.stderr).toContain('no configuration file provided: not found');
    expect(tscompose(['config', '--bogus'], { cwd: dir }).code).toBe(16);
  });

  it('--version answers without loading the CLI framework', () => {
    const { code, stdout } = tscompose(['--version'], { cwd: root });
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(code).toBe(0);
    expect(stdout).toBe(`tscompose version v${version}\n`);
  });
});
