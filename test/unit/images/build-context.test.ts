import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BuildContextError,
  createBuildContext,
  planBuildContext,
  type BuildContextOptions,
} from '../../../src/images/build-context.js';

let root: string;
let context: string;
const generatedName = () => '.dockerfile.0123456789abcdef0123';

async function files(base: string, tree: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(tree)) {
    await mkdir(dirname(join(base, name)), { recursive: true });
    await writeFile(join(base, name), content);
  }
}

interface TarEntry {
  readonly type: string;
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
  readonly content: string;
  readonly linkname?: string | null;
}

async function untar(stream: Readable): Promise<Map<string, TarEntry>> {
  const entries = new Map<string, TarEntry>();
  const reader = extract();
  const done = (async () => {
    for await (const entry of reader) {
      let content = '';
      for await (const chunk of entry) content += (chunk as Buffer).toString('utf8');
      const { name, type, uid, gid, mode, linkname } = entry.header;
      entries.set(name, { type, uid, gid, mode, content, linkname });
    }
  })();
  for await (const chunk of stream) reader.write(chunk as Buffer);
  reader.end();
  await done;
  return entries;
}

async function plan(options: Partial<BuildContextOptions> = {}) {
  return planBuildContext({
    contextDir: context,
    dockerfile: { kind: 'file', path: 'Dockerfile' },
    generatedName,
    ...options,
  });
}

const names = (p: Awaited<ReturnType<typeof plan>>) => p.entries.map((entry) => entry.name);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tscompose-build-context-'));
  context = join(root, 'ctx');
  await files(context, { Dockerfile: 'FROM busybox\n', 'src/app.js': 'app', 'src/app.log': 'log' });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the context tar', () => {
  it('sends the context, owned by root, directories before their content', async () => {
    const { stream, plan: made } = await createBuildContext({
      contextDir: context,
      dockerfile: { kind: 'file', path: 'Dockerfile' },
    });
    expect(made.dockerfile).toBe('Dockerfile');
    const tar = await untar(stream);
    expect([...tar.keys()]).toEqual(['Dockerfile', 'src/', 'src/app.js', 'src/app.log']);
    expect(tar.get('src/')).toMatchObject({ type: 'directory', uid: 0, gid: 0 });
    expect(tar.get('src/app.js')).toMatchObject({ type: 'file', content: 'app', uid: 0 });
  });

  it('applies .dockerignore but always sends the Dockerfile and .dockerignore', async () => {
    await files(context, { '.dockerignore': 'Dockerfile\n.dockerignore\n**/*.log\n' });
    const made = await plan();
    expect(names(made)).toEqual(['.dockerignore', 'Dockerfile', 'src', 'src/app.js']);
    expect(made.generated).toEqual([]);
    expect(made.ignoreFile).toBe(join(context, '.dockerignore'));
  });

  it('enters an excluded directory for an exception inside it, without sending the directory', async () => {
    await files(context, {
      '.dockerignore': 'src\n!src/keep\n',
      'src/keep/a': 'a',
      'src/keep/b/c': 'c',
    });
    expect(names(await plan())).toEqual([
      '.dockerignore',
      'Dockerfile',
      'src/keep',
      'src/keep/a',
      'src/keep/b',
      'src/keep/b/c',
    ]);
  });

  it('prefers <Dockerfile>.dockerignore beside the Dockerfile, and sends it as .dockerignore', async () => {
    await files(context, {
      '.dockerignore': 'src\n',
      'build/app.Dockerfile': 'FROM busybox\n',
      'build/app.Dockerfile.dockerignore': '*.log\n**/*.log\n',
    });
    const made = await plan({ dockerfile: { kind: 'file', path: 'build/app.Dockerfile' } });
    expect(made.ignoreFile).toBe(join(context, 'build/app.Dockerfile.dockerignore'));
    expect(made.dockerfile).toBe('build/app.Dockerfile');
    expect(names(made)).toEqual([
      'Dockerfile',
      'build',
      'build/app.Dockerfile',
      'build/app.Dockerfile.dockerignore',
      'src',
      'src/app.js',
    ]);
    expect(made.generated).toEqual([{ name: '.dockerignore', content: '*.log\n**/*.log\n' }]);
  });

  it('sends symbolic links as links, without following them', async () => {
    await files(root, { 'outside/secret': 'no' });
    await symlink(join(root, 'outside'), join(context, 'out'));
    const tar = await untar(
      (
        await createBuildContext({
          contextDir: context,
          dockerfile: { kind: 'file', path: 'Dockerfile' },
        })
      ).stream,
    );
    expect(tar.get('out')).toMatchObject({ type: 'symlink', linkname: join(root, 'outside') });
    expect([...tar.keys()].some((name) => name.includes('secret'))).toBe(false);
  });
});

describe('a Dockerfile that is not a file of the context', () => {
  it('adds dockerfile_inline under a generated name that .dockerignore hides from COPY', async () => {
    const { stream, plan: made } = await createBuildContext({
      contextDir: context,
      dockerfile: { kind: 'inline', text: 'FROM busybox\nRUN true\n' },
      generatedName,
    });
    expect(made.dockerfile).toBe(generatedName());
    const tar = await untar(stream);
    expect(tar.get(generatedName())).toMatchObject({
      type: 'file',
      content: 'FROM busybox\nRUN true\n',
      mode: 0o600,
    });
    // The context had no .dockerignore: the one we add lists itself too.
    expect(tar.get('.dockerignore')?.content).toBe(`.dockerignore\n${generatedName()}\n`);
  });

  it('keeps the context’s own .dockerignore lines before the generated name', async () => {
    await files(context, { '.dockerignore': '# logs\n*.log\nsrc/*.log' });
    const made = await plan({ dockerfile: { kind: 'inline', text: 'FROM busybox\n' } });
    expect(names(made)).not.toContain('.dockerignore');
    expect(names(made)).not.toContain('src/app.log');
    expect(made.generated.at(-1)).toEqual({
      name: '.dockerignore',
      content: `# logs\n*.log\nsrc/*.log\n${generatedName()}\n`,
    });
  });

  it('adds a Dockerfile from outside the context the same way', async () => {
    await files(root, { 'docker/outside.Dockerfile': 'FROM busybox:1.35\n' });
    const made = await plan({
      dockerfile: { kind: 'file', path: join(root, 'docker/outside.Dockerfile') },
    });
    expect(made.dockerfile).toBe(generatedName());
    expect(made.generated[0]).toEqual({ name: generatedName(), content: 'FROM busybox:1.35\n' });
  });

  it('takes a relative path that leaves the context as outside', async () => {
    await files(root, { 'Dockerfile.up': 'FROM busybox\n' });
    const made = await plan({ dockerfile: { kind: 'file', path: '../Dockerfile.up' } });
    expect(made.dockerfile).toBe(generatedName());
  });
});

describe('errors', () => {
  it('names a missing Dockerfile', async () => {
    const failing = plan({ dockerfile: { kind: 'file', path: 'Nope' } });
    await expect(failing).rejects.toBeInstanceOf(BuildContextError);
    await expect(failing).rejects.toThrow(
      `Cannot locate specified Dockerfile: ${join(context, 'Nope')}`,
    );
  });

  it('names a missing context directory', async () => {
    await expect(plan({ contextDir: join(root, 'missing') })).rejects.toThrow(
      `unable to prepare context: path "${join(root, 'missing')}" not found`,
    );
  });

  it('refuses a pattern Docker refuses', async () => {
    await files(context, { '.dockerignore': 'a\n!\n' });
    await expect(plan()).rejects.toThrow(/illegal exclusion pattern/);
  });
});
