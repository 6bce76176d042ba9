import { describe, expect, it } from 'vitest';
import type { SourcePosition } from '../../../src/spec/diagnostics.js';
import { keyPathId, type KeyPath } from '../../../src/spec/key-path.js';
import { validateModel } from '../../../src/spec/validate.js';

const service = (fields: Record<string, unknown>) => ({
  services: { web: { image: 'nginx', ...fields } },
});

/** The parts of each diagnostic a user reads. */
const summary = (model: unknown) =>
  validateModel(model).map(({ code, path, message, hint }) => ({ code, path, message, hint }));

describe('validateModel', () => {
  it('accepts a valid model without diagnostics', () => {
    expect(validateModel(service({ ports: ['80:80'], 'x-note': 1 }))).toEqual([]);
  });

  it('names an unknown key and suggests the allowed one it resembles', () => {
    expect(summary({ services: { web: { imgae: 'nginx' } } })).toEqual([
      {
        code: 'schema.additional-property',
        path: ['services', 'web'],
        message: "additional property 'imgae' is not allowed",
        hint: "did you mean 'image'?",
      },
    ]);
  });

  it('suggests only keys allowed at that place', () => {
    const [diagnostic] = validateModel(service({ healthcheck: { intreval: '5s' } }));
    expect(diagnostic?.hint).toBe("did you mean 'interval'?");
    const [topLevel] = validateModel({ service: {} });
    expect(topLevel).toMatchObject({ path: [], hint: "did you mean 'services'?" });
  });

  it('points at extension keys when nothing resembles the unknown key', () => {
    const [diagnostic] = validateModel(service({ owner: 'me' }));
    expect(diagnostic).toMatchObject({ message: "additional property 'owner' is not allowed" });
    expect(diagnostic?.hint).toBe("custom keys must start with 'x-'");
  });

  it('rejects x- keys where the specification allows no extensions (blkio_config)', () => {
    const [diagnostic] = validateModel(service({ blkio_config: { 'x-a': 1 } }));
    expect(diagnostic).toMatchObject({
      code: 'schema.additional-property',
      path: ['services', 'web', 'blkio_config'],
    });
    expect(diagnostic?.hint).toBeUndefined();
  });

  it('treats x- names under services as services, not extensions', () => {
    expect(validateModel({ services: { 'x-tool': { image: 'busybox' } } })).toEqual([]);
    expect(summary({ services: { 'x-tool': { imgae: 'busybox' } } })[0]?.path).toEqual([
      'services',
      'x-tool',
    ]);
  });

  it('reports a malformed resource name as such', () => {
    expect(summary({ volumes: { 'my data': {} } })).toEqual([
      {
        code: 'schema.invalid-name',
        path: ['volumes'],
        message: "'my data' is not a valid name",
        hint: "names may use only letters, digits, '.', '_' and '-'",
      },
    ]);
  });

  it('says which type a value must have, and which it has', () => {
    expect(summary(service({ image: 5 }))).toEqual([
      {
        code: 'schema.type',
        path: ['services', 'web', 'image'],
        message: 'must be a string, not an integer',
        hint: undefined,
      },
    ]);
    expect(summary(service({ use_api_socket: 'yes' }))[0]?.message).toBe(
      'must be a boolean, not a string',
    );
    expect(summary(service({ context_size: 1 }))[0]?.code).toBe('schema.additional-property');
    expect(summary({ models: { llm: { model: 'x', context_size: 1.5 } } })[0]?.message).toBe(
      'must be an integer, not a number',
    );
    expect(summary('hello')).toEqual([
      {
        code: 'schema.type',
        path: [],
        message: 'must be a mapping, not a string',
        hint: undefined,
      },
    ]);
  });

  it('lists enum values and suggests the closest', () => {
    expect(summary(service({ depends_on: { db: { condition: 'service_healty' } } }))).toEqual([
      {
        code: 'schema.enum',
        path: ['services', 'web', 'depends_on', 'db', 'condition'],
        message: 'must be one of: service_started, service_healthy, service_completed_successfully',
        hint: "did you mean 'service_healthy'?",
      },
    ]);
    expect(summary(service({ cgroup: 'shared' }))[0]).toMatchObject({
      code: 'schema.enum',
      message: 'must be one of: host, private',
    });
  });

  it('reduces a oneOf failure to its most relevant error', () => {
    // `build` may be a string or a mapping: the typo inside the mapping is what matters.
    expect(summary(service({ build: { contxt: '.' } }))).toEqual([
      {
        code: 'schema.additional-property',
        path: ['services', 'web', 'build'],
        message: "additional property 'contxt' is not allowed",
        hint: "did you mean 'context'?",
      },
    ]);
    // The deepest error wins over the list alternative's "must be a list".
    expect(
      summary(service({ depends_on: { db: { condition: 'service_started', required: 'no' } } })),
    ).toEqual([
      {
        code: 'schema.type',
        path: ['services', 'web', 'depends_on', 'db', 'required'],
        message: 'must be a boolean, not a string',
        hint: undefined,
      },
    ]);
    // No alternative fits: one message naming them all.
    expect(summary(service({ command: 5 }))).toEqual([
      {
        code: 'schema.type',
        path: ['services', 'web', 'command'],
        message: 'must be null, a string or a list, not an integer',
        hint: undefined,
      },
    ]);
    // A precise error of the right alternative beats another alternative's type error.
    expect(summary(service({ gpus: 'some' }))[0]).toMatchObject({
      code: 'schema.enum',
      message: 'must be one of: all',
    });
    expect(summary(service({ cpu_percent: 150 }))).toEqual([
      {
        code: 'schema.maximum',
        path: ['services', 'web', 'cpu_percent'],
        message: 'must be <= 100, not 150',
        hint: undefined,
      },
    ]);
    expect(summary(service({ extends: { file: 'base.yaml' } }))[0]).toMatchObject({
      code: 'schema.required',
      message: "missing required property 'service'",
    });
  });

  it('reports every unknown key of one mapping inside a oneOf', () => {
    expect(
      summary(service({ build: { contxt: '.', dockerfle: 'Dockerfile' } })).map((d) => d.hint),
    ).toEqual(["did you mean 'context'?", "did you mean 'dockerfile'?"]);
  });

  it('reports independent errors together, in model order', () => {
    const model = {
      services: { a: { image: 'x', imgae: 'y' }, b: { image: 'x', portz: ['80'] } },
      volumes: { data: { driver: 3 } },
    };
    expect(summary(model).map((d) => [d.path, d.message])).toEqual([
      [['services', 'a'], "additional property 'imgae' is not allowed"],
      [['services', 'b'], "additional property 'portz' is not allowed"],
      [['volumes', 'data', 'driver'], 'must be a string, not an integer'],
    ]);
  });

  it('uses numbers for list indices in paths', () => {
    expect(
      summary(service({ volumes: [{ type: 'bind', bind: { selinux: 'q' } }] }))[0]?.path,
    ).toEqual(['services', 'web', 'volumes', 0, 'bind', 'selinux']);
    // A service named like a number stays a string.
    expect(summary({ services: { '0': { image: 1 } } })[0]?.path).toEqual([
      'services',
      '0',
      'image',
    ]);
  });

  it('reports duplicated list items at the duplicate', () => {
    expect(summary(service({ cap_add: ['NET_ADMIN', 'SYS_TIME', 'NET_ADMIN'] }))).toEqual([
      {
        code: 'schema.unique-items',
        path: ['services', 'web', 'cap_add'],
        message: 'items [0] and [2] are the same; items of this list must be unique',
        hint: undefined,
      },
    ]);
  });

  it('reports pattern mismatches with the pattern', () => {
    expect(summary(service({ pull_policy: 'sometimes' }))[0]).toMatchObject({
      code: 'schema.pattern',
      path: ['services', 'web', 'pull_policy'],
    });
    // Unanchored like the specification's pattern: a name with a space still passes.
    expect(validateModel(service({ container_name: 'my container!' }))).toEqual([]);
  });

  it('fills positions from the locate function, preferring the offending key', () => {
    const positions = new Map<string, SourcePosition>([
      [keyPathId(['services', 'web']), { file: 'compose.yaml', line: 2, column: 3 }],
      [keyPathId(['services', 'web', 'imgae']), { file: 'compose.yaml', line: 3, column: 5 }],
      [keyPathId(['services', 'web', 'ports', 1]), { file: 'override.yaml', line: 7, column: 9 }],
    ]);
    const located: KeyPath[] = [];
    const locate = (path: KeyPath) => {
      located.push(path);
      return positions.get(keyPathId(path));
    };
    const model = { services: { web: { imgae: 'nginx', ports: ['80', true] } } };
    const diagnostics = validateModel(model, { locate, file: 'compose.yaml' });
    expect(diagnostics.map((d) => [d.path, d.position, d.file])).toEqual([
      [['services', 'web'], { file: 'compose.yaml', line: 3, column: 5 }, 'compose.yaml'],
      [
        ['services', 'web', 'ports', 1],
        { file: 'override.yaml', line: 7, column: 9 },
        'compose.yaml',
      ],
    ]);
    expect(located).toContainEqual(['services', 'web', 'imgae']);
  });

  it('falls back to the reported path when the precise one is unknown', () => {
    const locate = (path: KeyPath) =>
      path.length === 2 ? { file: 'compose.yaml', line: 2, column: 3 } : undefined;
    const [diagnostic] = validateModel({ services: { web: { imgae: 'x' } } }, { locate });
    expect(diagnostic?.position).toEqual({ file: 'compose.yaml', line: 2, column: 3 });
    expect(diagnostic?.file).toBeUndefined();
  });
});
