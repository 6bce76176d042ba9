/**
 * The build context as the Engine API's `/build` wants it: one tar stream of
 * the context directory, `.dockerignore` applied (see dockerignore.ts), owned
 * by root (the CLI's `ChownOpts{0,0}`), plus the Dockerfile.
 *
 * A Dockerfile outside the context, or `dockerfile_inline`, is added the way
 * the Docker CLI and Compose do it (`build.AddDockerfileToBuildContext`):
 * under a generated name `.dockerfile.<20 hex>`, which is also appended to the
 * `.dockerignore` sent along, so the daemon reads it but `COPY . ` never sees it.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pack as createPack, type Header, type Pack } from 'tar-stream';
import { BuildContextError, walkContext, type ContextEntry } from './context-walk.js';
import {
  DOCKERIGNORE,
  createMatcher,
  keepBuildFiles,
  readIgnoreFile,
  type IgnoreFile,
} from './dockerignore.js';

export { BuildContextError, type ContextEntry } from './context-walk.js';

export type DockerfileSource =
  /** `build.dockerfile`: absolute, or relative to the context directory. */
  | { readonly kind: 'file'; readonly path: string }
  /** `build.dockerfile_inline`. */
  | { readonly kind: 'inline'; readonly text: string };

export interface BuildContextOptions {
  /** Absolute path of the context directory. */
  readonly contextDir: string;
  readonly dockerfile: DockerfileSource;
  /** The generated Dockerfile name; injected by tests, random otherwise. */
  readonly generatedName?: () => string;
}

/** A file that is not in the context directory but goes into the tar. */
export interface GeneratedFile {
  readonly name: string;
  readonly content: string;
}

export interface BuildContextPlan {
  readonly contextDir: string;
  /** The name to pass as the build's `dockerfile` parameter. */
  readonly dockerfile: string;
  /** The ignore file used, if any. */
  readonly ignoreFile?: string;
  /** Files from the context directory, in tar order. */
  readonly entries: readonly ContextEntry[];
  /** Added after them: a generated Dockerfile, a rewritten `.dockerignore`. */
  readonly generated: readonly GeneratedFile[];
}

type TarHeader = Partial<Header> & Pick<Header, 'name'>;

const randomDockerfileName = () => `.dockerfile.${randomBytes(10).toString('hex')}`;

async function requireDirectory(contextDir: string): Promise<void> {
  const stats = await stat(contextDir).catch(() => undefined);
  if (!stats?.isDirectory()) {
    throw new BuildContextError(
      `unable to prepare context: path "${contextDir}" not found`,
      contextDir,
    );
  }
}

/** The Dockerfile as a path inside the context, or the text to add under a generated name. */
async function locateDockerfile(
  contextDir: string,
  source: DockerfileSource,
): Promise<{ inside: string } | { absolute?: string; text: string }> {
  if (source.kind === 'inline') return { text: source.text };
  const absolute = isAbsolute(source.path) ? source.path : resolve(contextDir, source.path);
  const stats = await stat(absolute).catch(() => undefined);
  if (!stats?.isFile()) {
    throw new BuildContextError(`Cannot locate specified Dockerfile: ${absolute}`, absolute);
  }
  const inContext = relative(contextDir, absolute);
  if (inContext !== '..' && !inContext.startsWith(`..${sep}`) && !isAbsolute(inContext)) {
    return { inside: inContext.split(sep).join('/') };
  }
  return { absolute, text: await readFile(absolute, 'utf8') };
}

/**
 * The `.dockerignore` the daemon should read from the tar, when it is not the
 * context's own file as is: with a generated Dockerfile (listed so the daemon
 * drops it after reading it), or with a Dockerfile-specific ignore file. A
 * `.dockerignore` the context did not have lists itself, so it stays out of
 * `COPY . ` as well.
 */
function rewrittenIgnore(
  contextDir: string,
  ignore: IgnoreFile,
  generatedDockerfile: string | undefined,
  contextHasIgnore: boolean,
): string | undefined {
  const usesContextFile = ignore.file === resolve(contextDir, DOCKERIGNORE);
  if (generatedDockerfile === undefined && (usesContextFile || ignore.file === undefined)) {
    return undefined;
  }
  const lines = [ignore.text.replace(/\n?$/, '')];
  if (!contextHasIgnore) lines.push(DOCKERIGNORE);
  if (generatedDockerfile !== undefined) lines.push(generatedDockerfile);
  return `${lines.filter((line) => line !== '').join('\n')}\n`;
}

/** Decides what goes into the tar; reads the directory but writes nothing. */
export async function planBuildContext(options: BuildContextOptions): Promise<BuildContextPlan> {
  const contextDir = resolve(options.contextDir);
  await requireDirectory(contextDir);
  const dockerfile = await locateDockerfile(contextDir, options.dockerfile);
  const ignore = await readIgnoreFile(
    contextDir,
    'inside' in dockerfile ? resolve(contextDir, dockerfile.inside) : dockerfile.absolute,
  );
  const generatedName =
    'inside' in dockerfile ? undefined : (options.generatedName ?? randomDockerfileName)();
  const patterns = keepBuildFiles(
    ignore.patterns,
    'inside' in dockerfile ? dockerfile.inside : undefined,
  );
  const matcher = createMatcher(patterns, ignore.file);
  const contextHasIgnore = await stat(resolve(contextDir, DOCKERIGNORE)).then(
    (s) => s.isFile(),
    () => false,
  );
  const ignoreText = rewrittenIgnore(contextDir, ignore, generatedName, contextHasIgnore);
  const skip = new Set(ignoreText !== undefined ? [DOCKERIGNORE] : []);
  const entries = await walkContext(contextDir, matcher, skip);
  const generated: GeneratedFile[] = [];
  if (generatedName !== undefined && 'text' in dockerfile) {
    generated.push({ name: generatedName, content: dockerfile.text });
  }
  if (ignoreText !== undefined) generated.push({ name: DOCKERIGNORE, content: ignoreText });
  return {
    contextDir,
    dockerfile: 'inside' in dockerfile ? dockerfile.inside : generatedName!,
    ...(ignore.file !== undefined ? { ignoreFile: ignore.file } : {}),
    entries,
    generated,
  };
}

function headerOf(entry: ContextEntry): TarHeader {
  const common = {
    mode: entry.stats.mode & 0o7777,
    uid: 0,
    gid: 0,
    mtime: entry.stats.mtime,
  };
  switch (entry.kind) {
    case 'directory':
      return { ...common, name: `${entry.name}/`, type: 'directory' };
    case 'file':
      return { ...common, name: entry.name, type: 'file', size: entry.stats.size };
    case 'symlink':
      return { ...common, name: entry.name, type: 'symlink', linkname: entry.target };
  }
}

function addBuffer(pack: Pack, header: TarHeader, content?: Buffer): Promise<void> {
  return new Promise((done, fail) => {
    pack.entry(header, content ?? Buffer.alloc(0), (error) => (error ? fail(error) : done()));
  });
}

function addFile(pack: Pack, header: TarHeader, source: string): Promise<void> {
  return new Promise((done, fail) => {
    const sink = pack.entry(header, (error) =>
      error
        ? fail(new BuildContextError(`build context: ${source} changed while being sent`, source))
        : done(),
    );
    const input = createReadStream(source);
    input.once('error', (error) => {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      fail(new BuildContextError(`build context: cannot read ${source} (${code})`, source));
      sink.destroy(error);
    });
    input.pipe(sink);
  });
}

async function fill(pack: Pack, plan: BuildContextPlan): Promise<void> {
  for (const entry of plan.entries) {
    const header = headerOf(entry);
    if (entry.kind === 'file') await addFile(pack, header, entry.source);
    else await addBuffer(pack, header);
  }
  const now = new Date();
  for (const file of plan.generated) {
    const content = Buffer.from(file.content, 'utf8');
    await addBuffer(
      pack,
      {
        name: file.name,
        type: 'file',
        mode: 0o600,
        uid: 0,
        gid: 0,
        mtime: now,
        size: content.length,
      },
      content,
    );
  }
  pack.finalize();
}

/** The tar stream of a plan. A file that cannot be read fails the stream with `BuildContextError`. */
export function packBuildContext(plan: BuildContextPlan): Readable {
  const pack = createPack();
  const output = Readable.from(pack);
  fill(pack, plan).catch((error: unknown) => {
    output.destroy(error instanceof Error ? error : new Error(String(error)));
    pack.destroy();
  });
  return output;
}

/** Plan and pack in one call: the stream plus the `dockerfile` parameter for the build. */
export async function createBuildContext(
  options: BuildContextOptions,
): Promise<{ readonly stream: Readable; readonly plan: BuildContextPlan }> {
  const plan = await planBuildContext(options);
  return { stream: packBuildContext(plan), plan };
}
