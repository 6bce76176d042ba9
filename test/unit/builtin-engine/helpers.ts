/** Builders shared by the built-in engine's unit tests: tar archives in memory, sandboxes, hashes. */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pack, type Header } from 'tar-stream';

export type TarEntry = Partial<Header> & {
  readonly name: string;
  readonly content?: string | Buffer;
};

/** A tar archive of `entries`, in order (later entries may overwrite earlier ones, as in real layers). */
export async function tarOf(entries: readonly TarEntry[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of archive) chunks.push(chunk as Buffer);
  })();
  for (const { content, ...header } of entries) {
    const body = content === undefined ? undefined : Buffer.from(content);
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (body !== undefined) archive.entry({ ...header, size: body.length }, body, done);
      else archive.entry(header, done);
    });
  }
  archive.finalize();
  await collected;
  return Buffer.concat(chunks);
}

export function streamOf(bytes: Buffer): Readable {
  return Readable.from([bytes]);
}

export function sha256(bytes: Buffer | string): `sha256:${string}` {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export interface Sandbox {
  readonly dir: string;
  remove(): Promise<void>;
}

export async function sandbox(): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'tscompose-builtin-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Every path below `dir`, relative and sorted (for "nothing else was created" assertions). */
export async function listTree(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  return names.map(String).sort();
}

export const isRoot = process.getuid?.() === 0;
export const NOT_ROOT_REASON = 'device nodes, trusted.* xattrs and chown need root';
