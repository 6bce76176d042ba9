import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  composeSchemaJson,
  SCHEMA_FILE,
  VALIDATOR_FILE,
  validatorSource,
} from '../../../scripts/build-schema.js';
import type { RawComposeFile } from '../../../src/spec/schema/compose-file.js';

describe('scripts/build-schema.ts', () => {
  const schema = composeSchemaJson();

  it('the committed schemas/compose.schema.json is up to date with src/spec/schema/', () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(schema);
  });

  it('the generated validator is up to date, and generation is deterministic', () => {
    const source = validatorSource(schema);
    expect(validatorSource(composeSchemaJson())).toBe(source);
    expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(source);
  });

  it('generates an ES module that type-checking and linting skip', () => {
    const source = validatorSource(schema);
    expect(source.startsWith('// @ts-nocheck\n/* eslint-disable */\n')).toBe(true);
    expect(source).not.toMatch(/\brequire\(/);
    expect(source).toMatch(/export const validate = /);
  });

  it('emits a draft 2020-12 schema with named definitions and no TypeBox internals', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.$defs as object)).toEqual(
      expect.arrayContaining(['service', 'list_or_dict', 'network']),
    );
    expect(JSON.stringify(schema)).not.toMatch(/TypeBox|"\[Kind\]"/);
  });
});

describe('RawComposeFile', () => {
  it('is the static type of the schema', () => {
    expectTypeOf<RawComposeFile['name']>().toEqualTypeOf<string | undefined>();
    const model: RawComposeFile = {
      services: {
        web: {
          image: 'nginx',
          init: 'true',
          ports: [80, '443:443', { target: 8080 }],
          'x-note': 1,
        },
      },
      networks: { front: null },
    };
    expect(model.services?.web?.image).toBe('nginx');
  });
});
