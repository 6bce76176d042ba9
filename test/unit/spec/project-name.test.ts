import { describe, expect, it } from 'vitest';
import { normalizeProjectName, resolveProjectName } from '../../../src/spec/project-name.js';

const INVALID = (name: string): string =>
  `invalid project name "${name}": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`;

describe('normalizeProjectName', () => {
  it('lowercases, drops other characters and strips leading _ and -', () => {
    expect(normalizeProjectName('My App')).toBe('myapp');
    expect(normalizeProjectName('__-Web.Site_2-x')).toBe('website_2-x');
    expect(normalizeProjectName('émoji😀ok')).toBe('mojiok');
    expect(normalizeProjectName('-_-')).toBe('');
    expect(normalizeProjectName('already-valid_1')).toBe('already-valid_1');
  });
});

describe('resolveProjectName', () => {
  const base = {
    env: {},
    modelNames: [] as (string | undefined)[],
    projectDir: '/work/My_Project',
  };

  it('-p wins over everything, and must be valid', () => {
    expect(
      resolveProjectName({
        ...base,
        flag: 'cli',
        env: { COMPOSE_PROJECT_NAME: 'env' },
        modelNames: ['file'],
      }),
    ).toBe('cli');
    expect(() => resolveProjectName({ ...base, flag: 'My App' })).toThrow(INVALID('My App'));
    expect(() => resolveProjectName({ ...base, flag: '_x' })).toThrow(INVALID('_x'));
  });

  it('an empty -p counts as not given', () => {
    expect(resolveProjectName({ ...base, flag: '', env: { COMPOSE_PROJECT_NAME: 'env' } })).toBe(
      'env',
    );
  });

  it('COMPOSE_PROJECT_NAME comes next, non-empty, and must be valid', () => {
    expect(
      resolveProjectName({ ...base, env: { COMPOSE_PROJECT_NAME: 'env' }, modelNames: ['file'] }),
    ).toBe('env');
    expect(
      resolveProjectName({ ...base, env: { COMPOSE_PROJECT_NAME: '' }, modelNames: ['file'] }),
    ).toBe('file');
    expect(() => resolveProjectName({ ...base, env: { COMPOSE_PROJECT_NAME: 'Env' } })).toThrow(
      INVALID('Env'),
    );
  });

  it('then the last name: among the files, normalized silently', () => {
    expect(
      resolveProjectName({ ...base, modelNames: ['first', undefined, 'Second.Name', undefined] }),
    ).toBe('secondname');
  });

  it('a declared name that normalizes to nothing is an error', () => {
    expect(() => resolveProjectName({ ...base, modelNames: ['first', '!!!'] })).toThrow(
      'project name must not be empty',
    );
  });

  it('falls back to the normalized basename of the project directory', () => {
    expect(resolveProjectName(base)).toBe('my_project');
    expect(
      resolveProjectName({ ...base, modelNames: [undefined], projectDir: '/srv/.Hidden-App/' }),
    ).toBe('hidden-app');
    expect(() => resolveProjectName({ ...base, projectDir: '/srv/___' })).toThrow(
      'project name must not be empty',
    );
  });
});
