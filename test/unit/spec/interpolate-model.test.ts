import { describe, expect, it } from 'vitest';
import {
  ComposeError,
  type Diagnostic,
  type SourcePosition,
} from '../../../src/spec/diagnostics.js';
import { interpolateModel } from '../../../src/spec/interpolate.js';
import type { KeyPath } from '../../../src/spec/key-path.js';
import type { RawMapping } from '../../../src/spec/raw.js';

function run(model: RawMapping, env: Record<string, string> = {}) {
  const warnings: Diagnostic[] = [];
  const result = interpolateModel(model, {
    lookup: (name) => (Object.hasOwn(env, name) ? env[name] : undefined),
    file: '/p/compose.yaml',
    warn: (warning) => warnings.push(warning),
  });
  return { result, warnings };
}

function errorsOf(
  model: RawMapping,
  env: Record<string, string> = {},
  locate?: (path: KeyPath) => SourcePosition | undefined,
) {
  try {
    interpolateModel(model, {
      lookup: (name) => env[name],
      file: '/p/compose.yaml',
      warn: () => {},
      ...(locate ? { locate } : {}),
    });
  } catch (error) {
    if (error instanceof ComposeError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected a ComposeError');
}

describe('interpolateModel: where it applies', () => {
  it('interpolates string values at any depth, in lists, x- blocks and name', () => {
    const model = {
      name: '${P}',
      services: {
        web: { image: 'nginx:${TAG}', command: ['echo', '$MSG'], environment: ['$K=val'] },
      },
      'x-extra': { deep: { value: '${TAG}' } },
      include: ['${DIR}/compose.yaml'],
    };
    const { result } = run(model, { P: 'proj', TAG: '1.2', MSG: 'hi', K: 'KEY', DIR: 'sub' });
    expect(result).toEqual({
      name: 'proj',
      services: { web: { image: 'nginx:1.2', command: ['echo', 'hi'], environment: ['KEY=val'] } },
      'x-extra': { deep: { value: '1.2' } },
      include: ['sub/compose.yaml'],
    });
  });

  it('never interpolates mapping keys', () => {
    const { result } = run(
      { services: { web: { labels: { $K: 'v', '${K}': '${V}' } } } },
      { K: 'key', V: 'val' },
    );
    expect(result).toEqual({ services: { web: { labels: { $K: 'v', '${K}': 'val' } } } });
  });

  it('leaves numbers, booleans and null as parsed', () => {
    const model = {
      services: { web: { cpu_shares: 512, init: false, scale: null, ports: [{ target: 80 }] } },
    };
    expect(run(model).result).toEqual(model);
  });

  it('returns a new object and leaves the input untouched', () => {
    const model = { services: { web: { image: '${TAG}' } } };
    const { result } = run(model, { TAG: 'x' });
    expect(model.services.web.image).toBe('${TAG}');
    expect(result).not.toBe(model);
  });

  it('keeps a key named __proto__ as a plain key', () => {
    const model = JSON.parse('{"x-a": {"__proto__": "${V}"}}') as RawMapping;
    const { result } = run(model, { V: 'v' });
    const block = result['x-a'] as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(block, '__proto__')?.value).toBe('v');
    expect(Object.getPrototypeOf(block)).toBe(Object.prototype);
  });

  it('a failing variable in an unused x- block still fails', () => {
    const errors = errorsOf({ 'x-unused': { v: '${NEEDED:?set NEEDED}' } });
    expect(errors.map((error) => error.message)).toEqual([
      'required variable NEEDED is missing a value: set NEEDED',
    ]);
  });

  it('warns once per unset variable name', () => {
    const { result, warnings } = run({ a: '${U}', b: ['$U', '${U}'], c: '${W}' });
    expect(result).toEqual({ a: '', b: ['', ''], c: '' });
    expect(warnings.map((warning) => warning.message)).toEqual([
      'The "U" variable is not set. Defaulting to a blank string.',
      'The "W" variable is not set. Defaulting to a blank string.',
    ]);
  });
});

describe('interpolateModel: errors', () => {
  it('collects every bad value with its path, file and position', () => {
    const locate = (path: KeyPath): SourcePosition | undefined =>
      path.join('.') === 'services.web.image'
        ? { file: '/p/compose.yaml', line: 3, column: 12 }
        : undefined;
    const errors = errorsOf(
      {
        services: {
          web: { image: '${x!}', environment: { A: '${REQ:?need A}' } },
          db: { image: 'ok' },
        },
      },
      {},
      locate,
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      code: 'interpolate.invalid-format',
      path: ['services', 'web', 'image'],
      file: '/p/compose.yaml',
      position: { line: 3, column: 12 },
      message:
        'invalid interpolation format for services.web.image. You may need to escape any $ with another $.',
    });
    expect(errors[1]).toMatchObject({
      code: 'interpolate.required',
      path: ['services', 'web', 'environment', 'A'],
      file: '/p/compose.yaml',
      message: 'required variable REQ is missing a value: need A',
    });
    expect(errors[1]!.position).toBeUndefined();
  });
});

describe('interpolateModel: typed casts', () => {
  it('casts init: "yes" to true with a YAML 1.2 warning', () => {
    const { result, warnings } = run({ services: { web: { init: 'yes' } } });
    expect(result).toEqual({ services: { web: { init: true } } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      code: 'interpolate.yaml11-boolean',
      message: '"yes" for boolean is not supported by YAML 1.2, please use `true`',
      path: ['services', 'web', 'init'],
    });
  });

  it('accepts the boolean spellings case-insensitively', () => {
    const cases: Array<[string, boolean, boolean]> = [
      ['true', true, false],
      ['TRUE', true, false],
      ['False', false, false],
      ['y', true, true],
      ['On', true, true],
      ['n', false, true],
      ['NO', false, true],
      ['off', false, true],
    ];
    for (const [text, value, warns] of cases) {
      const { result, warnings } = run({ services: { web: { privileged: text } } });
      expect(result).toEqual({ services: { web: { privileged: value } } });
      expect(warnings.length > 0).toBe(warns);
    }
  });

  it('casts ports[].target from a variable to an integer', () => {
    const { result } = run(
      { services: { web: { ports: [{ target: '${P}', published: '${P}' }] } } },
      { P: '8080' },
    );
    expect(result).toEqual({ services: { web: { ports: [{ target: 8080, published: '8080' }] } } });
  });

  it('casts integers, floats and booleans at the listed paths', () => {
    const { result } = run({
      services: {
        web: {
          cpu_shares: '512',
          cpus: '0.5',
          cpu_percent: '-1.5e1',
          pids_limit: '-1',
          scale: '+3',
          ulimits: { nproc: '65535', nofile: { soft: '20000', hard: '40000' } },
          deploy: { replicas: '2', update_config: { parallelism: '1', max_failure_ratio: '.3' } },
          healthcheck: { retries: '3', disable: 'false' },
          depends_on: { db: { required: 'false', restart: 'true', condition: 'service_started' } },
          volumes: [{ type: 'volume', read_only: 'true', volume: { nocopy: 'true' } }],
        },
      },
      networks: {
        n: { external: 'true', internal: 'false', attachable: 'true', enable_ipv6: 'false' },
      },
      volumes: { v: { external: 'false' } },
      secrets: { s: { external: 'true' } },
      configs: { c: { external: 'true' } },
    });
    expect(result).toEqual({
      services: {
        web: {
          cpu_shares: 512,
          cpus: 0.5,
          cpu_percent: -15,
          pids_limit: -1,
          scale: 3,
          ulimits: { nproc: 65535, nofile: { soft: 20000, hard: 40000 } },
          deploy: { replicas: 2, update_config: { parallelism: 1, max_failure_ratio: 0.3 } },
          healthcheck: { retries: 3, disable: false },
          depends_on: { db: { required: false, restart: true, condition: 'service_started' } },
          volumes: [{ type: 'volume', read_only: true, volume: { nocopy: true } }],
        },
      },
      networks: { n: { external: true, internal: false, attachable: true, enable_ipv6: false } },
      volumes: { v: { external: false } },
      secrets: { s: { external: true } },
      configs: { c: { external: true } },
    });
  });

  it('does not cast strings at other paths', () => {
    const model = {
      services: { web: { image: 'true', environment: { N: '5' }, ports: ['80'] } },
      x: { init: 'yes' },
    };
    expect(run(model).result).toEqual(model);
  });

  it('a bad integer is a "failed to cast to expected type" error with its path', () => {
    const errors = errorsOf(
      { services: { web: { ports: [{ target: '${P}' }], init: 'maybe', cpus: 'x' } } },
      { P: '80a' },
    );
    expect(errors.map((error) => [error.path, error.message])).toEqual([
      [
        ['services', 'web', 'ports', 0, 'target'],
        'failed to cast to expected type: strconv.Atoi: parsing "80a": invalid syntax',
      ],
      [['services', 'web', 'init'], 'failed to cast to expected type: invalid boolean: maybe'],
      [
        ['services', 'web', 'cpus'],
        'failed to cast to expected type: strconv.ParseFloat: parsing "x": invalid syntax',
      ],
    ]);
    expect(errors[0]!.code).toBe('interpolate.cast');
  });

  it('rejects integers with spaces, decimals and out of range values', () => {
    for (const text of [' 1', '1.0', '1e3', '']) {
      expect(errorsOf({ services: { web: { scale: text } } })).toHaveLength(1);
    }
    expect(
      errorsOf({ services: { web: { pids_limit: '9223372036854775808' } } })[0]!.message,
    ).toContain('value out of range');
  });
});
