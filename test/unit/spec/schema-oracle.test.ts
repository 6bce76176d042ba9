/**
 * Differential test: our generated validator must give the official Compose
 * schema's verdict (accept/reject) on every corpus document and on mutations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validate as ours } from '../../../src/generated/compose-validator.js';
import { generateMutations, type Json } from './schema-mutations.js';

const CORPUS = '/work/shared/corpus';
const ORACLE = '/work/shared/reference/compose-spec.schema.json';
const KITCHEN_SINK = new URL('./fixtures/schema-kitchen-sink.yaml', import.meta.url);

// Options of section 15 of the loader rules; the oracle needs its strict checks relaxed.
const oracle = new Ajv2020({
  allErrors: true,
  allowUnionTypes: true,
  strictTypes: false,
  logger: false,
}).compile(JSON.parse(readFileSync(ORACLE, 'utf8')));

function composeFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return composeFiles(path);
    return /\.ya?ml(\.example)?$/.test(entry.name) ? [path] : [];
  });
}

function parseDocuments(text: string): Json[] {
  return parseAllDocuments(text, { version: '1.2', schema: 'core', merge: true }).flatMap(
    (document) => {
      if ('errors' in document && document.errors.length > 0) throw document.errors[0];
      return [document.toJS({ maxAliasCount: -1 }) as Json];
    },
  );
}

const corpus = composeFiles(CORPUS).flatMap((file) =>
  parseDocuments(readFileSync(file, 'utf8')).map((model, index) => ({
    name: `${relative(CORPUS, file)}#${index}`,
    model,
  })),
);
const kitchenSink = parseDocuments(readFileSync(KITCHEN_SINK, 'utf8'))[0]!;

interface Disagreement {
  readonly name: string;
  readonly mutation?: string;
  readonly oracle: boolean;
  readonly ours: boolean;
}

function disagreement(name: string, model: Json, mutation?: string): Disagreement | undefined {
  const verdicts = { oracle: oracle(model), ours: ours(model) as boolean };
  return verdicts.oracle === verdicts.ours
    ? undefined
    : { name, ...(mutation ? { mutation } : {}), ...verdicts };
}

const verdictText = (d: Disagreement) =>
  `${d.name}${d.mutation ? ` after "${d.mutation}"` : ''}: official schema ${d.oracle ? 'accepts' : 'rejects'}, ours ${d.ours ? 'accepts' : 'rejects'}`;

describe('our schema gives the official schema verdict', () => {
  it('reads the whole corpus', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(87);
  });

  it('on every corpus document', () => {
    const problems = corpus.flatMap(({ name, model }) => disagreement(name, model) ?? []);
    expect(problems.map(verdictText)).toEqual([]);
    // The one extends-only file with `services.cpu: null` is rejected by both.
    const hwaccel = corpus.find(({ name }) => name.endsWith('hwaccel.transcoding.yml#0'))!;
    expect(oracle(hwaccel.model)).toBe(false);
  });

  it('on the kitchen-sink model, which uses every area of the schema', () => {
    expect(oracle(kitchenSink)).toBe(true);
    expect(ours(kitchenSink)).toBe(true);
  });

  it.each([
    ['corpus files', 1, 600],
    ['the kitchen-sink model', 2, 600],
  ])('on seeded mutations of %s', (_label, seed, count) => {
    const sources = seed === 1 ? corpus.map(({ model }) => model) : [kitchenSink];
    const mutations = generateMutations(sources, count, seed);
    const problems = mutations.flatMap((mutation, index) => {
      const found = disagreement(`mutation #${index}`, mutation.model, mutation.description);
      return found ?? [];
    });
    expect(problems.map(verdictText)).toEqual([]);
    // Both verdicts occur often, so agreement is not agreement on "always valid".
    const rejected = mutations.filter((mutation) => !oracle(mutation.model)).length;
    expect(rejected).toBeGreaterThan(count * 0.2);
    expect(count - rejected).toBeGreaterThan(count * 0.1);
  });
});
