import { describe, expect, it } from 'vitest';
import { ComposeError, type Diagnostic } from '../../../src/spec/diagnostics.js';
import { applyExtends, type LoadedExtendsFile } from '../../../src/spec/extends.js';
import { parseComposeYaml } from '../../../src/spec/yaml.js';

/** An in-memory file system of compose files, parsed with the real decoder. */
function filesystem(files: Record<string, string>): {
  loadFile: (path: string) => LoadedExtendsFile;
  loaded: string[];
} {
  const loaded: string[] = [];
  return {
    loaded,
    loadFile(path) {
      loaded.push(path);
      const text = files[path];
      if (text === undefined) {
        throw ComposeError.of({
          code: 'file.read',
          message: `open ${path}: no such file or directory`,
        });
      }
      const [doc] = parseComposeYaml(text, path);
      return { model: doc!.model ?? {}, resets: doc!.resets, overrides: doc!.overrides };
    },
  };
}

function extend(text: string, files: Record<string, string> = {}, file = '/p/compose.yaml') {
  const [doc] = parseComposeYaml(text, file);
  const warnings: Diagnostic[] = [];
  const fs = filesystem(files);
  const model = applyExtends(doc!.model!, {
    file,
    loadFile: fs.loadFile,
    warn: (warning) => warnings.push(warning),
    tags: doc!,
    homeDir: '/home/me',
  });
  return {
    services: model['services'] as Record<string, Record<string, unknown>>,
    loaded: fs.loaded,
    warnings,
  };
}

function extendError(text: string, files: Record<string, string> = {}): string {
  try {
    extend(text, files);
  } catch (error) {
    expect(error).toBeInstanceOf(ComposeError);
    return (error as ComposeError).diagnostics[0]!.message;
  }
  throw new Error('expected a ComposeError');
}

describe('extends (§7)', () => {
  it('string form extends a service of the same file; extends is removed', () => {
    const { services } = extend(
      'services:\n  base:\n    image: a\n    cpus: 1\n  web:\n    extends: base\n    cpus: 2\n',
    );
    expect(services['web']).toEqual({ image: 'a', cpus: 2 });
    expect(services['base']).toEqual({ image: 'a', cpus: 1 });
  });

  it('merges with the multi-file rules: command replaces, ports/volumes append and de-dup, environment by key, depends_on merged', () => {
    const { services } = extend(`services:
  base:
    image: a
    command: [run, base]
    ports: ["80:80", "81:81"]
    volumes: ["./a:/data"]
    environment: {A: "1", B: "2"}
    depends_on: [db]
  web:
    extends: {service: base}
    command: [run, web]
    ports: ["81:81", "82:82"]
    volumes: ["./b:/data"]
    environment: {B: "3"}
    depends_on: {cache: {condition: service_healthy}}
`);
    expect(services['web']).toEqual({
      image: 'a',
      command: ['run', 'web'],
      ports: ['80:80', '81:81', '82:82'],
      volumes: ['./b:/data'],
      environment: ['A=1', 'B=3'],
      depends_on: {
        db: { condition: 'service_started', required: true },
        cache: { condition: 'service_healthy' },
      },
    });
  });

  it('everything is inherited, including references to other services', () => {
    const { services } = extend(
      'services:\n  base:\n    links: [db]\n    volumes_from: [x]\n    network_mode: "service:y"\n  web:\n    extends: base\n',
    );
    expect(services['web']).toEqual({
      links: ['db'],
      volumes_from: ['x'],
      network_mode: 'service:y',
    });
  });

  it('chains are resolved recursively', () => {
    const { services } = extend(
      'services:\n  a:\n    image: a\n    labels: [x=1]\n  b:\n    extends: a\n    labels: [y=1]\n  c:\n    extends: b\n    labels: [x=2]\n',
    );
    expect(services['c']).toEqual({ image: 'a', labels: ['x=2', 'y=1'] });
  });

  it('a base declared empty leaves the service unchanged', () => {
    const { services } = extend('services:\n  base:\n  web:\n    extends: base\n    image: w\n');
    expect(services['web']).toEqual({ extends: 'base', image: 'w' });
  });

  it('missing service in the same file', () => {
    expect(extendError('services:\n  web:\n    extends: nope\n')).toBe(
      'cannot extend service "web" in /p/compose.yaml: service "nope" not found',
    );
  });

  it('missing service key in the mapping form', () => {
    expect(extendError('services:\n  web:\n    extends: {file: x.yml}\n')).toBe(
      'extends.web.service is required',
    );
  });

  it('cycles list the chain', () => {
    expect(extendError('services:\n  a:\n    extends: b\n  b:\n    extends: a\n')).toBe(
      'Circular reference:\n  a in /p/compose.yaml\n  extends b in /p/compose.yaml\n  extends a in /p/compose.yaml',
    );
  });

  it('a service extending itself is a cycle', () => {
    expect(extendError('services:\n  a:\n    extends: a\n')).toMatch(
      /^Circular reference:\n {2}a in \/p\/compose.yaml\n {2}extends a in/,
    );
  });

  it('other file: path relative to the declaring file; its relative paths are rebased on its own directory', () => {
    const { services, loaded } = extend(
      'services:\n  web:\n    extends: {file: ../common/base.yml, service: app}\n    image: w\n',
      {
        '/common/base.yml': `services:
  app:
    build: ./app
    env_file: app.env
    volumes: ["./data:/data", "named:/n"]
    image: b
  unrelated:
    image: u
`,
      },
    );
    expect(loaded).toEqual(['/common/base.yml']);
    expect(services['web']).toEqual({
      build: '/common/app',
      env_file: '/common/app.env',
      volumes: ['/common/data:/data', 'named:/n'],
      image: 'w',
    });
    expect(services).not.toHaveProperty('unrelated');
  });

  it('other file chain: the base own extends is resolved relative to the base file', () => {
    const { services } = extend(
      'services:\n  web:\n    extends: {file: lib/mid.yml, service: mid}\n',
      {
        '/p/lib/mid.yml':
          'services:\n  mid:\n    extends: {file: deep/root.yml, service: root}\n    user: mid\n',
        '/p/lib/deep/root.yml': 'services:\n  root:\n    image: r\n    build: {context: ctx}\n',
      },
    );
    expect(services['web']).toEqual({
      image: 'r',
      build: { context: '/p/lib/deep/ctx' },
      user: 'mid',
    });
  });

  it('other file: a same-file extends inside it stays within that file', () => {
    const { services } = extend('services:\n  web:\n    extends: {file: b.yml, service: two}\n', {
      '/p/b.yml': 'services:\n  one:\n    image: one\n  two:\n    extends: one\n    user: u\n',
    });
    expect(services['web']).toEqual({ image: 'one', user: 'u' });
  });

  it('other file: service missing there', () => {
    expect(
      extendError('services:\n  web:\n    extends: {file: b.yml, service: nope}\n', {
        '/p/b.yml': 'services:\n  x: {}\n',
      }),
    ).toBe('cannot extend service "web" in /p/compose.yaml: service "nope" not found in b.yml');
  });

  it('other file: file missing is the read error', () => {
    expect(extendError('services:\n  web:\n    extends: {file: gone.yml, service: x}\n')).toBe(
      'open /p/gone.yml: no such file or directory',
    );
  });

  it('cycles across files', () => {
    const message = extendError('services:\n  web:\n    extends: {file: b.yml, service: base}\n', {
      '/p/b.yml': 'services:\n  base:\n    extends: {file: compose.yaml, service: web}\n',
      '/p/compose.yaml': 'services:\n  web:\n    extends: {file: b.yml, service: base}\n',
    });
    expect(message.split('\n')[0]).toBe('Circular reference:');
    expect(message).toContain('extends base in /p/b.yml');
  });

  it("the extending document's !reset applies to the inherited value", () => {
    const { services } = extend(
      'services:\n  base:\n    image: a\n    volumes: ["./d:/d"]\n  web:\n    extends: base\n    volumes: !reset []\n',
    );
    expect(services['web']).toEqual({ image: 'a' });
  });

  it("the extending document's !override replaces the inherited value", () => {
    const { services } = extend(
      'services:\n  base:\n    ports: ["80:80"]\n  web:\n    extends: base\n    ports: !override ["81:81"]\n',
    );
    expect(services['web']).toEqual({ ports: ['81:81'] });
  });

  it('does not mutate its input', () => {
    const model = { services: { base: { image: 'a' }, web: { extends: 'base' } } };
    applyExtends(model, {
      file: '/p/c.yml',
      loadFile: () => ({ model: {}, resets: [], overrides: [] }),
      warn: () => {},
    });
    expect(model.services.web).toEqual({ extends: 'base' });
  });
});
