import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusCases, type CorpusCase } from '../fixtures/corpus-cases.js';
import { corpusComposeFiles, corpusRoot } from '../support/corpus.js';
import { ComposeError, formatDiagnostic } from '../../src/spec/diagnostics.js';
import { loadProject } from '../../src/spec/load.js';

const root = corpusRoot();
const temporaryDirs: string[] = [];
afterAll(() => temporaryDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Files a case names explicitly; every other corpus file must load alone. */
const namedFiles = new Set(corpusCases.flatMap((c) => c.files.map((file) => join(c.dir, file))));
const aloneCases: CorpusCase[] = corpusComposeFiles(root)
  .filter((file) => !namedFiles.has(file))
  .map((file) => ({ name: file, dir: dirname(file), files: [basename(file)], expect: 'valid' }));

async function load(testCase: CorpusCase) {
  let cwd = join(root, testCase.dir);
  if (testCase.dotenvFrom) {
    const copy = mkdtempSync(join(tmpdir(), 'tscompose-corpus-'));
    temporaryDirs.push(copy);
    cpSync(cwd, copy, { recursive: true });
    cpSync(join(copy, testCase.dotenvFrom), join(copy, '.env'));
    cwd = copy;
  }
  const warnings: string[] = [];
  const loaded = await loadProject({
    cwd,
    files: testCase.files,
    envFiles: testCase.envFiles,
    services: testCase.services,
    env: { HOME: '/home/user', ...testCase.env },
    warn: (warning) => warnings.push(formatDiagnostic(warning)),
  });
  return { loaded, warnings };
}

describe('shared corpus: every compose file loads as its project documents', () => {
  it('finds the corpus files', () => {
    expect(aloneCases.length + namedFiles.size).toBeGreaterThan(80);
  });

  it.each(
    [...aloneCases, ...corpusCases.filter((c) => c.expect === 'valid')].map(
      (c) => [c.name, c] as const,
    ),
  )('valid: %s', async (_name, testCase) => {
    const { loaded } = await load(testCase);
    expect(Object.keys(loaded.project.services).length).toBeGreaterThan(0);
    for (const service of Object.values(loaded.project.services)) {
      expect(service.image ?? service.build).toBeDefined();
    }
  });

  const invalid = corpusCases.flatMap((c) =>
    c.expect === 'valid' ? [] : [[c.name, c, c.expect] as const],
  );
  it.each(invalid)('invalid: %s', async (_name, testCase, expected) => {
    const error = await load(testCase).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error, `expected an error (${expected.reason})`).toBeInstanceOf(ComposeError);
    const messages = (error as ComposeError).diagnostics.map(formatDiagnostic).join('\n');
    expect(messages).toContain(expected.error);
    // Every diagnostic says which file (and, for YAML content, where) the problem is.
    for (const diagnostic of (error as ComposeError).diagnostics) {
      expect(diagnostic.position ?? diagnostic.file ?? diagnostic.path).toBeDefined();
    }
  });
});
