import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeError, formatDiagnostic, type Diagnostic } from '../../../src/spec/diagnostics.js';
import { loadProject, type LoadProjectOptions } from '../../../src/spec/load.js';
import { tempProject } from '../../support/temp-project.js';

async function load(cwd: string, options: Partial<LoadProjectOptions> = {}) {
  const warnings: Diagnostic[] = [];
  const loaded = await loadProject({ cwd, env: {}, warn: (w) => warnings.push(w), ...options });
  return { ...loaded, warnings };
}

async function loadError(
  cwd: string,
  options: Partial<LoadProjectOptions> = {},
): Promise<ComposeError> {
  const error = await load(cwd, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ComposeError);
  return error as ComposeError;
}

describe('loadProject: the whole pipeline', () => {
  it('discovers compose.yaml and its override, merging them in order', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n',
      'compose.override.yaml':
        'services:\n  web:\n    ports: ["443:443"]\n    environment: [A=1]\n',
    });
    const { project, configFiles } = await load(dir);
    expect(configFiles).toEqual([join(dir, 'compose.yaml'), join(dir, 'compose.override.yaml')]);
    expect(project.services.web!.ports!.map((port) => port.target)).toEqual([80, 443]);
    expect(project.services.web!.environment).toEqual({ A: '1' });
  });

  it("resolves relative paths of every -f file against the project directory (the first file's)", async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
      'more/extra.yaml': 'services:\n  web:\n    volumes: ["./data:/data"]\n',
    });
    const { project } = await load(dir, { files: ['compose.yaml', 'more/extra.yaml'] });
    expect(project.services.web!.volumes![0]!.source).toBe(join(dir, 'data'));
  });

  it('project name: -p beats COMPOSE_PROJECT_NAME (from .env) beats name: beats the directory', async () => {
    const files = { 'compose.yaml': 'name: Declared_Name\nservices:\n  web:\n    image: nginx\n' };
    const dir = tempProject(files, 'My.Dir');
    expect((await load(dir)).project.name).toBe('declared_name');
    expect((await load(dir, { projectName: 'flag' })).project.name).toBe('flag');
    const withDotenv = tempProject({ ...files, '.env': 'COMPOSE_PROJECT_NAME=fromenv\n' });
    expect((await load(withDotenv)).project.name).toBe('fromenv');
    const unnamed = tempProject(
      { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' },
      'My.Dir',
    );
    expect((await load(unnamed)).project.name).toBe('mydir');
  });

  it('interpolates from the shell first, then the project .env, and exposes COMPOSE_PROJECT_NAME', async () => {
    const dir = tempProject({
      'compose.yaml':
        'services:\n  web:\n    image: "nginx:${TAG}"\n    environment:\n      P: ${COMPOSE_PROJECT_NAME}\n      B: ${FROM_FILE}\n',
      '.env': 'TAG=from-file\nFROM_FILE=yes\n',
    });
    const { project } = await load(dir, { env: { TAG: 'from-shell' }, projectName: 'demo' });
    expect(project.services.web!.image).toBe('nginx:from-shell');
    expect(project.services.web!.environment).toEqual({ P: 'demo', B: 'yes' });
  });

  it('COMPOSE_FILE in the .env of the working directory selects the files', async () => {
    const dir = tempProject({
      '.env': 'COMPOSE_FILE=base.yaml:extra.yaml\n',
      'base.yaml': 'services:\n  web:\n    image: nginx\n',
      'extra.yaml': 'services:\n  web:\n    image: httpd\n',
    });
    expect((await load(dir)).project.services.web!.image).toBe('httpd');
  });

  it('--no-interpolate keeps ${...} as written', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG:-1}"\n',
    });
    expect((await load(dir, { interpolate: false })).project.services.web!.image).toBe(
      'nginx:${TAG:-1}',
    );
  });

  it('warns that `version` is obsolete and drops it', async () => {
    const dir = tempProject({
      'compose.yaml': 'version: "3.8"\nservices:\n  web:\n    image: nginx\n',
    });
    const { warnings, model } = await load(dir);
    expect(model.version).toBeUndefined();
    expect(warnings.map((w) => w.message)).toContain(
      'the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion',
    );
    expect(warnings.find((w) => w.code === 'compose.version-obsolete')!.position).toMatchObject({
      line: 1,
      column: 1,
    });
  });

  it('an error points at the file and line that wrote the bad value, across -f files', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
      'override.yaml':
        'services:\n  web:\n    # a comment\n    restart: always\n    imgae: httpd\n',
    });
    const error = await loadError(dir, { files: ['compose.yaml', 'override.yaml'] });
    expect(formatDiagnostic(error.diagnostics[0]!)).toBe(
      `${join(dir, 'override.yaml')}:5:5: services.web: additional property 'imgae' is not allowed (did you mean 'image'?)`,
    );
    expect(error.exitCode).toBe(15);
  });

  it('reports several independent errors together', async () => {
    const dir = tempProject({
      'compose.yaml':
        'services:\n  a:\n    image: x\n    depends_on: [nope]\n  b:\n    image: y\n    networks: [missing]\n',
    });
    const messages = (await loadError(dir)).diagnostics.map((d) => d.message);
    expect(messages).toContain('service "a" depends on undefined service "nope"');
    expect(messages.some((m) => m.includes('undefined network "missing"'))).toBe(true);
  });

  it('a missing -f file exits 14 with the path', async () => {
    const dir = tempProject({ 'compose.yaml': 'services: {}\n' });
    const error = await loadError(dir, { files: ['nope.yaml'] });
    expect(error.exitCode).toBe(14);
    expect(error.message).toContain(join(dir, 'nope.yaml'));
  });

  it('reads -f - from standard input, with the working directory as project directory', async () => {
    const dir = tempProject({});
    const { project } = await load(dir, {
      files: ['-'],
      readStdin: () => 'services:\n  web:\n    image: nginx\n    build: ./app\n',
    });
    expect(project.services.web!.build!.context).toBe(join(dir, 'app'));
  });
});

describe('loadProject: profiles, selection and env files', () => {
  const files = {
    'compose.yaml': [
      'services:',
      '  web:',
      '    image: nginx',
      '    env_file: [web.env]',
      '    environment:',
      '      FROM_BOTH: compose',
      '      UNSET_ME:',
      '  debug:',
      '    image: busybox',
      '    profiles: [dev]',
      '    env_file: [missing.env]',
      '',
    ].join('\n'),
    'web.env': 'FROM_FILE=file\nFROM_BOTH=file\nUNSET_ME=file\nREF=${FROM_BOTH}\n',
  };

  it('services with profiles are off unless a profile is active (flag or COMPOSE_PROFILES)', async () => {
    const dir = tempProject(files);
    expect(Object.keys((await load(dir)).project.services)).toEqual(['web']);
    const error = await loadError(dir, { env: { COMPOSE_PROFILES: 'dev' } });
    expect(error.message).toContain('missing.env not found');
  });

  it('naming a service enables its profiles and keeps only it and its dependencies', async () => {
    const dir = tempProject(files);
    const error = await loadError(dir, { services: ['debug'] });
    expect(error.diagnostics[0]!.path).toEqual(['services', 'debug', 'env_file', 0]);
    expect(error.diagnostics[0]!.position).toMatchObject({ line: 11 });
    const { project } = await load(dir, { services: ['web'], profiles: ['dev'] });
    expect(Object.keys(project.services)).toEqual(['web']);
  });

  it('env_file values fold into environment: environment wins, a valueless key unsets', async () => {
    const dir = tempProject(files);
    const { project } = await load(dir);
    expect(project.services.web!.environment).toEqual({
      FROM_FILE: 'file',
      FROM_BOTH: 'compose',
      UNSET_ME: null,
      REF: 'compose',
    });
    const raw = await load(dir, { resolveEnvFiles: false });
    expect(raw.project.services.web!.environment).toEqual({ FROM_BOTH: 'compose', UNSET_ME: null });
  });
});

describe('loadProject: include and extends', () => {
  it('include loads a project of its own: own directory, own .env, its paths resolved there', async () => {
    const dir = tempProject({
      'compose.yaml':
        'include:\n  - lib/compose.yaml\nservices:\n  web:\n    image: nginx\n    depends_on: [db]\n',
      'lib/compose.yaml':
        'services:\n  db:\n    image: "postgres:${PG}"\n    volumes: ["./data:/var/lib/postgresql/data"]\n',
      'lib/.env': 'PG=16\n',
    });
    const { project } = await load(dir);
    expect(project.services.db!.image).toBe('postgres:16');
    expect(project.services.db!.volumes![0]!.source).toBe(join(dir, 'lib', 'data'));
  });

  it("the including project's variables win over the included project's .env", async () => {
    const dir = tempProject({
      'compose.yaml': 'include:\n  - lib/compose.yaml\n',
      '.env': 'PG=15\n',
      'lib/compose.yaml': 'services:\n  db:\n    image: "postgres:${PG}"\n',
      'lib/.env': 'PG=16\n',
    });
    expect((await load(dir)).project.services.db!.image).toBe('postgres:15');
  });

  it('on a name clash the local definition is merged over the included one', async () => {
    const dir = tempProject({
      'compose.yaml': 'include: [lib.yaml]\nservices:\n  db:\n    environment: [LOCAL=1]\n',
      'lib.yaml': 'services:\n  db:\n    image: postgres\n    environment: [INCLUDED=1]\n',
    });
    const { project } = await load(dir);
    expect(project.services.db!.image).toBe('postgres');
    expect(project.services.db!.environment).toEqual({ INCLUDED: '1', LOCAL: '1' });
  });

  it('an include cycle is an error that prints the chain', async () => {
    const dir = tempProject({
      'compose.yaml': 'include: [a.yaml]\nservices:\n  web:\n    image: nginx\n',
      'a.yaml': 'include: [compose.yaml]\nservices:\n  a:\n    image: nginx\n',
    });
    const error = await loadError(dir);
    expect(error.message).toContain(
      `include cycle detected: ${join(dir, 'compose.yaml')} -> ${join(dir, 'a.yaml')} -> ${join(dir, 'compose.yaml')}`,
    );
  });

  it('extends from another file rebases its relative paths on that file', async () => {
    const dir = tempProject({
      'compose.yaml':
        'services:\n  web:\n    extends:\n      file: common/base.yaml\n      service: base\n    command: ["run"]\n',
      'common/base.yaml':
        'services:\n  base:\n    image: nginx\n    build: ./ctx\n    command: ["old"]\n',
    });
    const { project } = await load(dir);
    expect(project.services.web!.build!.context).toBe(join(dir, 'common', 'ctx'));
    expect(project.services.web!.command).toEqual(['run']);
  });
});

describe('loadProject: names that are also Object.prototype members', () => {
  it('keeps a service named constructor', async () => {
    const dir = tempProject({
      'compose.yaml':
        'services:\n  constructor:\n    image: nginx\n  toString:\n    image: httpd\n',
    });
    const { project } = await load(dir);
    expect(Object.keys(project.services).sort()).toEqual(['constructor', 'toString']);
  });
});
