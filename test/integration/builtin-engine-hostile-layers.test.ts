/**
 * Issue 8's fault test for images: a layer that tries to write outside its
 * directory (`../` names, an absolute symlink followed by a write through it)
 * is refused when the built-in engine unpacks it, the container does not run,
 * and nothing is written outside the engine's store.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltinEngine, type TestBuiltinEngine } from '../support/builtin-engine.js';

let engine: TestBuiltinEngine;
let outside: string;

type Entry = {
  name: string;
  type?: 'file' | 'directory' | 'symlink';
  linkname?: string;
  body?: string;
};

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => archive.on('end', resolve));
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    archive.entry(
      {
        name: entry.name,
        type,
        mode: type === 'directory' ? 0o755 : 0o644,
        ...(entry.linkname ? { linkname: entry.linkname } : {}),
      },
      type === 'file' ? (entry.body ?? '') : undefined,
    );
  }
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** A `docker save` archive holding one image whose only layer is `layer`. */
async function savedImage(tag: string, layer: Buffer): Promise<Buffer> {
  const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/bin/true'] },
      rootfs: { type: 'layers', diff_ids: [diffId] },
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = JSON.stringify([
    { Config: configName, RepoTags: [tag], Layers: ['l/layer.tar'] },
  ]);
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => archive.on('end', resolve));
  archive.entry({ name: configName }, config);
  archive.entry({ name: 'l/', type: 'directory' });
  archive.entry({ name: 'l/layer.tar' }, layer);
  archive.entry({ name: 'manifest.json' }, manifest);
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

function docker(args: string[], input?: Buffer) {
  return spawnSync('docker', args, {
    env: engine.env,
    encoding: 'utf8',
    timeout: 60_000,
    ...(input ? { input } : {}),
  });
}

beforeAll(async () => {
  engine = await startBuiltinEngine();
  outside = mkdtempSync(join(tmpdir(), 'tscompose-hostile-'));
});

afterAll(async () => {
  await engine?.destroy();
  rmSync(outside, { recursive: true, force: true });
});

describe('hostile layers on the built-in engine', () => {
  it('refuses a layer with ../ names and writes nothing outside', async () => {
    const escape = `../../../../../../../..${outside}/dotdot`;
    const layer = await tarOf([
      { name: 'bin/', type: 'directory' },
      { name: escape, body: 'pwned' },
    ]);
    const load = docker(['load'], await savedImage('hostile:dotdot', layer));
    const run = docker(['run', '--rm', 'hostile:dotdot']);
    expect(load.status !== 0 || run.status !== 0, `${load.stderr}${run.stderr}`).toBe(true);
    expect(existsSync(join(outside, 'dotdot'))).toBe(false);
  });

  it('refuses a write through a symlink planted by an earlier entry', async () => {
    const layer = await tarOf([
      { name: 'link', type: 'symlink', linkname: outside },
      { name: 'link/through-symlink', body: 'pwned' },
    ]);
    const load = docker(['load'], await savedImage('hostile:symlink', layer));
    const run = docker(['run', '--rm', 'hostile:symlink']);
    expect(load.status !== 0 || run.status !== 0, `${load.stderr}${run.stderr}`).toBe(true);
    expect(existsSync(join(outside, 'through-symlink'))).toBe(false);
    const message = `${load.stderr}${run.stderr}`;
    expect(message).toMatch(/symlink|escape|outside|refus/i);
  });

  it('keeps serving afterwards', () => {
    expect(docker(['version', '--format', '{{.Server.APIVersion}}']).stdout.trim()).toBe('1.41');
  });
});
