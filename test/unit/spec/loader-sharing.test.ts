import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpolateModel, interpolateModelInPlace } from '../../../src/spec/interpolate.js';
import { loadProject } from '../../../src/spec/load.js';
import { enforceUnicityOwned } from '../../../src/spec/merge/index.js';
import { PathTrie } from '../../../src/spec/path-trie.js';
import { resolveRelativePaths } from '../../../src/spec/paths.js';
import { SourceMap } from '../../../src/spec/source-map.js';
import { parseComposeYaml } from '../../../src/spec/yaml.js';

// The loader copies less than it used to (in-place interpolation, paths resolved
// copy-on-write, unicity only where something repeats, bare offsets in source
// maps): these pin that nothing visible changed with it.

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('PathTrie: first-match lookup by segments', () => {
  const trie = new PathTrie<string>([
    [['services', '*', 'ports', '[]', 'target'], 'port-target'],
    [['services', '*', 'ulimits', '*'], 'ulimit'],
    [['services', 'web', 'ulimits', 'nofile'], 'never: listed after a wider pattern'],
    [['services', '*', 'init'], 'init'],
  ]);

  it('matches `*` on keys and indexes, `[]` on indexes only', () => {
    expect(trie.find(['services', 'a', 'ports', 0, 'target'])).toBe('port-target');
    expect(trie.find(['services', 'a', 'ports', '0', 'target'])).toBeUndefined();
    expect(trie.find(['services', 'a', 'ulimits', 'nproc'])).toBe('ulimit');
    expect(trie.find(['services', 'a', 'ulimits', 3])).toBe('ulimit');
  });

  it('answers only full-length matches, and the earliest pattern wins', () => {
    expect(trie.find(['services', 'a'])).toBeUndefined();
    expect(trie.find(['services', 'a', 'init', 'x'])).toBeUndefined();
    expect(trie.find(['services', 'web', 'ulimits', 'nofile'])).toBe('ulimit');
  });
});

describe('interpolation in place', () => {
  const options = { lookup: (name: string) => ({ PORT: '8080' })[name], warn: () => {} };

  it('changes only the values that change, in their containers', () => {
    const ports = [{ target: '${PORT}' }];
    const labels = { a: 'b' };
    const model = { services: { web: { ports, labels } } };
    const result = interpolateModelInPlace(model, options);
    expect(result).toBe(model);
    expect(model.services.web.ports).toBe(ports);
    expect(model.services.web.labels).toBe(labels);
    expect(ports[0]).toEqual({ target: 8080 });
  });

  it('interpolateModel still leaves its input as it was', () => {
    const model = { services: { web: { ports: [{ target: '${PORT}' }] } } };
    const result = interpolateModel(model, options);
    expect(model.services.web.ports[0]).toEqual({ target: '${PORT}' });
    expect(result).toEqual({ services: { web: { ports: [{ target: 8080 }] } } });
  });
});

describe('loadProject: documents as written, though loading updated them', () => {
  it('keeps `${...}` in documents while the model is interpolated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tscompose-sharing-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  web:\n    image: nginx:${TAG:-1}\n    volumes: [./data:/data]\n',
    );
    const loaded = await loadProject({ cwd: dir, env: {}, files: ['compose.yaml'] });
    expect(loaded.project.services.web!.image).toBe('nginx:1');
    expect(loaded.documents).toEqual([
      { services: { web: { image: 'nginx:${TAG:-1}', volumes: ['./data:/data'] } } },
    ]);
    expect(loaded.documents).toBe(loaded.documents); // decoded once
  });
});

describe('resolveRelativePaths copies only what it changes', () => {
  it('never modifies its input; untouched containers are shared', () => {
    const healthcheck = { test: ['CMD', 'true'] };
    const mount = { type: 'bind', source: './conf', target: '/etc/app' };
    const model = { services: { web: { healthcheck, volumes: [mount] } } };
    const result = resolveRelativePaths(model, '/proj');
    const web = (result.services as Record<string, Record<string, unknown>>).web!;
    expect(mount.source).toBe('./conf');
    expect(web.volumes).toEqual([{ type: 'bind', source: '/proj/conf', target: '/etc/app' }]);
    expect(web.healthcheck).toBe(healthcheck);
    expect(result).not.toBe(model);
  });
});

describe('unicity in place', () => {
  it('keeps a sequence without repeats as it is, replaces one with repeats', () => {
    const ports = ['80:80', '81:81'];
    // (`a:/data` would be a Windows drive path: named volumes here.)
    const volumes = ['one:/data', 'two:/data'];
    const model = { services: { web: { ports, volumes } } };
    enforceUnicityOwned(model);
    expect(model.services.web.ports).toBe(ports);
    expect(model.services.web.volumes).toEqual(['two:/data']);
  });

  it('an error names the malformed item by its index', () => {
    expect(() => enforceUnicityOwned({ services: { web: { environment: ['A=1', 2] } } })).toThrow(
      expect.objectContaining({
        diagnostics: [expect.objectContaining({ path: ['services', 'web', 'environment', 1] })],
      }),
    );
  });
});

describe('source maps: scalar values kept as bare offsets', () => {
  it('positions of scalar keys, items and nested keys are all found', () => {
    const [document] = parseComposeYaml(
      'services:\n  web:\n    image: x\n    ports:\n      - "80:80"\n',
      'compose.yaml',
    );
    const map = document!.sourceMap;
    expect(map.get(['services', 'web', 'image'])).toMatchObject({ line: 3, column: 5 });
    expect(map.get(['services', 'web', 'ports', 0])).toMatchObject({ line: 5, column: 9 });
    expect(map.get(['services', 'web', 'missing'])).toBeUndefined();
    expect(map.entries().map(([path]) => path.join('.'))).toEqual([
      '',
      'services',
      'services.web',
      'services.web.image',
      'services.web.ports',
      'services.web.ports.0',
    ]);
  });

  it('setting a position below a bare offset keeps both', () => {
    const map = new SourceMap('f', (offset) => ({ line: 1, col: offset + 1 }));
    map.recordLeaf(map.root, 'a', 4);
    map.set(['a', 'b'], { file: 'f', line: 9, column: 1 });
    expect(map.get(['a'])).toEqual({ file: 'f', line: 1, column: 5 });
    expect(map.get(['a', 'b'])).toEqual({ file: 'f', line: 9, column: 1 });
  });
});
