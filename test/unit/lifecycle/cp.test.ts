import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pack, type Header } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { copyDirection, splitCpArg } from '../../../src/lifecycle/cp-args.js';
import {
  CopyError,
  extractSafely,
  rebaseName,
  safeEntryPath,
} from '../../../src/lifecycle/cp-tar.js';
import { tempProject } from '../../support/temp-project.js';

type Entry = Partial<Header> & { name: string; body?: string };

/** A tar archive of the given entries, as a container could send it. */
function archive(entries: readonly Entry[]): Readable {
  const tar = pack();
  for (const { body, ...header } of entries)
    tar.entry({ type: 'file', mode: 0o644, ...header }, body ?? '');
  tar.finalize();
  return tar as unknown as Readable;
}

describe('cp arguments', () => {
  it('SERVICE:PATH is a container path; absolute, ./ and colon-less paths are local', () => {
    expect(splitCpArg('web:/etc/hosts')).toEqual({ service: 'web', path: '/etc/hosts' });
    expect(splitCpArg('/abs/a:b')).toEqual({ path: '/abs/a:b' });
    expect(splitCpArg('./file:name.txt')).toEqual({ path: './file:name.txt' });
    expect(splitCpArg('plain.txt')).toEqual({ path: 'plain.txt' });
    expect(splitCpArg('-')).toEqual({ path: '-' });
  });

  it('one side must be a service, not both', () => {
    expect(copyDirection('web:/a', 'b')).toEqual({
      kind: 'from-service',
      service: 'web',
      source: '/a',
      destination: 'b',
    });
    expect(copyDirection('a', 'db:/b').kind).toBe('to-service');
    expect(() => copyDirection('web:/a', 'db:/b')).toThrow(/between services/);
    expect(() => copyDirection('a', 'b')).toThrow(/unknown copy direction/);
    expect(() => copyDirection('', 'web:/b')).toThrow(/source can not be empty/);
  });
});

describe('archive entry paths', () => {
  it('stay inside the destination', () => {
    expect(safeEntryPath('data/a')).toBe('data/a');
    expect(safeEntryPath('./a/./b/')).toBe('a/b');
    expect(safeEntryPath('./')).toBe('');
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a/../..', 'C:/x'])
      expect(() => safeEntryPath(bad), bad).toThrow(CopyError);
  });

  it('rebase renames the root entry only', () => {
    const rebase = { from: 'data', to: 'copy' };
    expect(rebaseName('data', rebase)).toBe('copy');
    expect(rebaseName('data/', rebase)).toBe('copy');
    expect(rebaseName('data/sub/a', rebase)).toBe('copy/sub/a');
    expect(rebaseName('database/a', rebase)).toBe('database/a');
    expect(rebaseName('./a', { from: '.', to: 'out' })).toBe('out/a');
  });
});

describe('extractSafely', () => {
  it('writes files, directories, links and modes; renames the root', async () => {
    const dir = tempProject({});
    await extractSafely(
      archive([
        { name: 'data/', type: 'directory', mode: 0o755 },
        { name: 'data/a.txt', body: 'alpha', mode: 0o600 },
        { name: 'data/sub/b.txt', body: 'beta' },
        { name: 'data/link', type: 'symlink', linkname: 'a.txt' },
        { name: 'data/hard', type: 'link', linkname: 'data/a.txt' },
      ]),
      dir,
      { from: 'data', to: 'out' },
    );
    expect(readFileSync(join(dir, 'out/a.txt'), 'utf8')).toBe('alpha');
    expect(lstatSync(join(dir, 'out/a.txt')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'out/sub/b.txt'), 'utf8')).toBe('beta');
    expect(lstatSync(join(dir, 'out/link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'out/hard'), 'utf8')).toBe('alpha');
  });

  it('refuses an entry that climbs out with ..', async () => {
    const dir = tempProject({ 'dest/.keep': '' });
    const extraction = extractSafely(archive([{ name: '../evil', body: 'x' }]), join(dir, 'dest'));
    await expect(extraction).rejects.toThrow(/leaves the destination/);
    expect(existsSync(join(dir, 'evil'))).toBe(false);
  });

  it('refuses an absolute entry', async () => {
    const dir = tempProject({});
    await expect(extractSafely(archive([{ name: '/tmp/evil', body: 'x' }]), dir)).rejects.toThrow(
      /absolute path/,
    );
  });

  it('refuses to write through a symbolic link the archive made (symlink, then link/file)', async () => {
    const dir = tempProject({ 'outside/.keep': '' });
    mkdirSync(join(dir, 'dest'));
    const extraction = extractSafely(
      archive([
        { name: 'escape', type: 'symlink', linkname: join(dir, 'outside') },
        { name: 'escape/pwned', body: 'x' },
      ]),
      join(dir, 'dest'),
    );
    await expect(extraction).rejects.toThrow(/symbolic link/);
    expect(existsSync(join(dir, 'outside/pwned'))).toBe(false);
  });

  it('refuses a file entry over an existing link, and a hard link to outside', async () => {
    const dir = tempProject({ 'outside/target': 'original', 'dest/.keep': '' });
    symlinkSync(join(dir, 'outside/target'), join(dir, 'dest/file'));
    await expect(
      extractSafely(archive([{ name: 'file', body: 'overwrite' }]), join(dir, 'dest')),
    ).rejects.toThrow(/symbolic link/);
    expect(readFileSync(join(dir, 'outside/target'), 'utf8')).toBe('original');
    await expect(
      extractSafely(
        archive([{ name: 'h', type: 'link', linkname: '../outside/target' }]),
        join(dir, 'dest'),
      ),
    ).rejects.toThrow(CopyError);
  });
});
