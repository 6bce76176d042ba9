import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { collectSync, packEntries } from '../../../src/watch/tar.js';
import { tempProject } from '../../support/temp-project.js';

interface Extracted {
  name: string;
  type: string;
  mode: number;
  uid: number;
  content: string;
  linkname?: string;
}

async function unpack(stream: NodeJS.ReadableStream): Promise<Extracted[]> {
  const entries: Extracted[] = [];
  const ex = extract();
  ex.on('entry', (header, body, next) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    body.on('end', () => {
      entries.push({
        name: header.name,
        type: header.type ?? '',
        mode: header.mode ?? 0,
        uid: header.uid ?? -1,
        content: Buffer.concat(chunks).toString('utf8'),
        ...(header.linkname ? { linkname: header.linkname } : {}),
      });
      next();
    });
  });
  const finished = new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  stream.pipe(ex);
  await finished;
  return entries;
}

describe('sync tar', () => {
  it('files, directories with their content, symlinks; modes and owners kept; names are container paths', async () => {
    const dir = tempProject({
      'src/a.sh': '#!/bin/sh\n',
      'src/lib/b.js': 'b',
      'src/lib/skip.log': 'x',
    });
    chmodSync(join(dir, 'src/a.sh'), 0o750);
    symlinkSync('lib/b.js', join(dir, 'src/link'));
    const collected = await collectSync([
      { hostPath: join(dir, 'src/a.sh'), containerPath: '/app/a.sh' },
      {
        hostPath: join(dir, 'src/lib'),
        containerPath: '/app/lib',
        accepts: (p) => !p.endsWith('.log'),
      },
      { hostPath: join(dir, 'src/link'), containerPath: '/app/link' },
      { hostPath: join(dir, 'src/gone.js'), containerPath: '/app/gone.js' },
    ]);
    expect(collected.removed).toEqual(['/app/gone.js']);
    const entries = await unpack(packEntries(collected.entries));
    expect(entries.map((e) => [e.name, e.type, e.content])).toEqual([
      ['app/a.sh', 'file', '#!/bin/sh\n'],
      ['app/lib', 'directory', ''],
      ['app/lib/b.js', 'file', 'b'],
      ['app/link', 'symlink', ''],
    ]);
    expect(entries[0]!.mode).toBe(0o750);
    expect(entries[0]!.uid).toBe(process.getuid!());
    expect(entries[3]!.linkname).toBe('lib/b.js');
  });

  it("a rule's root directory sends its content but not its own header; a path named twice is sent once", async () => {
    const dir = tempProject({ 'src/a.txt': 'a', 'src/d/e.txt': 'e' });
    mkdirSync(join(dir, 'src/empty'));
    const collected = await collectSync([
      { hostPath: join(dir, 'src'), containerPath: '/app', root: true },
      { hostPath: join(dir, 'src/a.txt'), containerPath: '/app/a.txt' },
    ]);
    expect(collected.entries.map((e) => e.name)).toEqual([
      'app/d',
      'app/d/e.txt',
      'app/empty',
      'app/a.txt',
    ]);
  });

  it('a file rewritten between collecting and packing is sent with its new content and size', async () => {
    const dir = tempProject({ 'f.txt': 'short' });
    const collected = await collectSync([
      { hostPath: join(dir, 'f.txt'), containerPath: '/f.txt' },
    ]);
    writeFileSync(join(dir, 'f.txt'), 'a much longer content');
    const entries = await unpack(packEntries(collected.entries));
    expect(entries[0]!.content).toBe('a much longer content');
  });
});
