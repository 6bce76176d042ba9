// The archive endpoints of the API facade (HEAD/GET/PUT /containers/{id}/archive)
// against the fake core, read with dockerode and with our Docker backend's decoder.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { pack, extract } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodePathStat } from '../../../src/engine/docker/docker-archive.js';
import { raw, readAll, startHarness, type Harness } from './api-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

async function entries(tar: Readable): Promise<Array<{ name: string; text: string }>> {
  const out: Array<{ name: string; text: string }> = [];
  const reader = extract();
  tar.pipe(reader as unknown as NodeJS.WritableStream);
  for await (const entry of reader) {
    out.push({
      name: entry.header.name,
      text: (await readAll(entry as unknown as NodeJS.ReadableStream)).toString(),
    });
  }
  return out;
}

describe('archive endpoints', () => {
  it('HEAD answers the stat header that clients decode; a missing path is a 404', async () => {
    const c = h.core.addContainer({ name: 'web' });
    c.files.set('/data/a.txt', 'inside\n');
    const res = (await h.docker
      .getContainer('web')
      .infoArchive({ path: '/data' })) as unknown as IncomingMessage;
    res.resume();
    expect(decodePathStat(res.headers['x-docker-container-path-stat'])).toMatchObject({
      name: 'data',
      isDirectory: true,
      isSymlink: false,
    });
    const file = await raw(h.socketPath, 'HEAD', '/containers/web/archive?path=/data/a.txt');
    expect(file.status).toBe(200);
    expect(file.text).toBe('');
    expect(
      JSON.parse(
        Buffer.from(String(file.headers['x-docker-container-path-stat']), 'base64').toString(),
      ),
    ).toEqual({
      name: 'a.txt',
      size: 7,
      mode: 0o644,
      mtime: '2024-01-02T03:04:05.123456789Z',
      linkTarget: '',
    });
    const missing = await raw(h.socketPath, 'HEAD', '/v1.41/containers/web/archive?path=/nope');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('');
  });

  it('GET streams the tar with the stat header; errors keep their status and message', async () => {
    const c = h.core.addContainer({ name: 'web' });
    c.files.set('/data/a.txt', 'inside\n');
    c.files.set('/data/sub/b.txt', 'deep\n');
    const tar = (await h.docker
      .getContainer('web')
      .getArchive({ path: '/data' })) as unknown as Readable;
    expect(await entries(tar)).toEqual([
      { name: 'data/', text: '' },
      { name: 'data/a.txt', text: 'inside\n' },
      { name: 'data/sub/b.txt', text: 'deep\n' },
    ]);
    const res = await raw(h.socketPath, 'GET', '/containers/web/archive?path=/data/a.txt');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    expect(decodePathStat(res.headers['x-docker-container-path-stat'])?.name).toBe('a.txt');
    expect(res.body.subarray(257, 262).toString()).toBe('ustar');
    const missing = await raw(h.socketPath, 'GET', '/containers/web/archive?path=/nope');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({
      message: 'Could not find the file /nope in container web',
    });
    const noPath = await raw(h.socketPath, 'GET', '/containers/web/archive');
    expect(noPath.status).toBe(400);
    expect(JSON.parse(noPath.text).message).toBe('bad parameter: path cannot be empty');
    const noContainer = await raw(h.socketPath, 'GET', '/containers/nope/archive?path=/');
    expect(noContainer.status).toBe(404);
  });

  it('PUT extracts the body and passes noOverwriteDirNonDir and copyUIDGID', async () => {
    const c = h.core.addContainer({ name: 'web' });
    c.files.set('/tmp/.keep', '');
    const tar = pack();
    tar.entry({ name: 'note.txt' }, 'from the host\n');
    tar.finalize();
    await h.docker
      .getContainer('web')
      .putArchive(tar as unknown as Readable, { path: '/tmp', noOverwriteDirNonDir: '1' });
    expect(c.files.get('/tmp/note.txt')).toBe('from the host\n');
    expect(h.core.lastPutOptions).toEqual({ noOverwriteDirNonDir: true, copyUidGid: false });

    const again = pack();
    again.entry({ name: 'x' }, 'x');
    again.finalize();
    const body = await readAll(again as unknown as Readable);
    const copied = await raw(
      h.socketPath,
      'PUT',
      '/containers/web/archive?path=/tmp&copyUIDGID=1',
      {
        body,
      },
    );
    expect(copied.status).toBe(200);
    expect(h.core.lastPutOptions).toEqual({ noOverwriteDirNonDir: false, copyUidGid: true });
    // An error before the body was read still reaches the client whole.
    const notDir = await raw(h.socketPath, 'PUT', '/containers/web/archive?path=/tmp/note.txt', {
      body,
    });
    expect(notDir.status).toBe(400);
    expect(JSON.parse(notDir.text).message).toBe('extraction point is not a directory');
  });
});
