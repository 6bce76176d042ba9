import { describe, expect, it } from 'vitest';
import { applyResets, enforceUnicity, mergeModels } from '../../../src/spec/merge/index.js';
import { parseComposeYaml } from '../../../src/spec/yaml.js';

/** Loads documents the way the loader does (§6.5 steps 6, 8, 9) to check the whole §6.4 flow. */
function loadAll(...texts: string[]): Record<string, unknown> {
  let model: Record<string, unknown> = {};
  texts.forEach((text, index) => {
    for (const doc of parseComposeYaml(text, `f${index}.yml`)) {
      if (!doc.model) continue;
      model = enforceUnicity(mergeModels(applyResets(model, doc), doc.model));
    }
  });
  return model;
}

const base = `services:
  web:
    image: a
    ports: ["80:80"]
    environment:
      A: "1"
      B: "2"
    command: run
`;

describe('applyResets (§6.4)', () => {
  it('!reset removes the key from the earlier model (and from this document)', () => {
    expect(loadAll(base, 'services:\n  web:\n    ports: !reset []\n')).toEqual({
      services: { web: { image: 'a', environment: { A: '1', B: '2' }, command: 'run' } },
    });
  });

  it('!reset with any value ignores the value', () => {
    const model = loadAll(base, 'services:\n  web:\n    command: !reset ignored\n');
    expect(
      (model['services'] as Record<string, Record<string, unknown>>)['web'],
    ).not.toHaveProperty('command');
  });

  it('!reset on one key of a map-form environment removes only that key', () => {
    const model = loadAll(
      base,
      'services:\n  web:\n    environment:\n      B: !reset\n      C: "3"\n',
    );
    expect(
      (model['services'] as Record<string, Record<string, unknown>>)['web']!['environment'],
    ).toEqual(['A=1', 'C=3']);
  });

  it('!override replaces instead of appending', () => {
    const model = loadAll(base, 'services:\n  web:\n    ports: !override ["8080:80"]\n');
    expect((model['services'] as Record<string, Record<string, unknown>>)['web']!['ports']).toEqual(
      ['8080:80'],
    );
  });

  it('!override on a mapping replaces instead of merging', () => {
    const model = loadAll(base, 'services:\n  web: !override\n    image: b\n');
    expect(model).toEqual({ services: { web: { image: 'b' } } });
  });

  it('a reset of a whole service removes it', () => {
    expect(loadAll(base + '  db:\n    image: pg\n', 'services:\n  db: !reset\n')).toEqual({
      services: {
        web: { image: 'a', ports: ['80:80'], environment: { A: '1', B: '2' }, command: 'run' },
      },
    });
  });

  it('removing a single sequence item from the earlier model is not supported (model unchanged)', () => {
    const model = { services: { web: { ports: ['80:80', '81:81'] } } };
    expect(
      applyResets(model, { resets: [['services', 'web', 'ports', 1]], overrides: [] }),
    ).toEqual(model);
  });

  it('paths that do not exist, or go through scalars, are ignored', () => {
    const model = { services: { web: { image: 'a' } } };
    expect(
      applyResets(model, {
        resets: [
          ['services', 'db'],
          ['services', 'web', 'image', 'x'],
        ],
        overrides: [],
      }),
    ).toEqual(model);
  });

  it('does not mutate the model it is given', () => {
    const model = { services: { web: { image: 'a', command: 'x' } } };
    applyResets(model, { resets: [['services', 'web', 'command']], overrides: [] });
    expect(model.services.web).toEqual({ image: 'a', command: 'x' });
  });

  it('a later document of the same file is handled like a later file', () => {
    expect(loadAll(`${base}---\nservices:\n  web:\n    command: !reset\n`)).not.toHaveProperty(
      'services.web.command',
    );
  });
});
