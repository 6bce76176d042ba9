import { describe, expect, it } from 'vitest';
import { RuntimeError, resolveUser } from '../../../src/builtin-engine/runtime/index.js';
import { parseGroup, parsePasswd } from '../../../src/builtin-engine/runtime/user.js';

const passwd = [
  'root:x:0:0:root:/root:/bin/sh',
  '# a comment',
  '',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'app:x:1000:1000:App:/home/app:/bin/sh',
  'broken:x:notanumber:1:::',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
].join('\n');
const group = [
  'root:x:0:',
  'daemon:x:1:',
  'wheel:x:10:app,other',
  'audio:x:29:app',
  'app:x:1000:',
  'staff:x:50:daemon',
  'nogroup:x:65534:',
].join('\n');

function failure(run: () => unknown): RuntimeError {
  try {
    run();
  } catch (error) {
    if (error instanceof RuntimeError) return error;
    throw error;
  }
  throw new Error('expected a RuntimeError');
}

describe('resolveUser', () => {
  it('defaults to root, with root’s groups from /etc/group', () => {
    expect(resolveUser('', [], passwd, group)).toEqual({
      uid: 0,
      gid: 0,
      additionalGids: [],
      home: '/root',
    });
  });

  it('is root even without passwd and group files (scratch images)', () => {
    expect(resolveUser('', [], undefined, undefined)).toEqual({
      uid: 0,
      gid: 0,
      additionalGids: [],
    });
  });

  it('looks a name up in passwd, with its primary gid and the groups listing it', () => {
    expect(resolveUser('app', [], passwd, group)).toEqual({
      uid: 1000,
      gid: 1000,
      additionalGids: [10, 29],
      home: '/home/app',
    });
  });

  it('looks a numeric uid up in passwd too', () => {
    expect(resolveUser('1000', [], passwd, group)).toMatchObject({
      uid: 1000,
      gid: 1000,
      additionalGids: [10, 29],
    });
  });

  it('allows a numeric uid passwd does not know, with gid 0 and no groups', () => {
    expect(resolveUser('4321', [], passwd, group)).toEqual({
      uid: 4321,
      gid: 0,
      additionalGids: [],
    });
  });

  it('takes the group by name or number; a named group replaces the supplementary groups', () => {
    expect(resolveUser('app:staff', [], passwd, group)).toEqual({
      uid: 1000,
      gid: 50,
      additionalGids: [],
      home: '/home/app',
    });
    expect(resolveUser('app:29', [], passwd, group)).toMatchObject({ gid: 29, additionalGids: [] });
    expect(resolveUser('4321:777', [], passwd, group)).toEqual({
      uid: 4321,
      gid: 777,
      additionalGids: [],
    });
    expect(resolveUser(':staff', [], passwd, group)).toMatchObject({ uid: 0, gid: 50 });
  });

  it('names a missing user or group in the error, like Docker', () => {
    const user = failure(() => resolveUser('ghost', [], passwd, group));
    expect(user.code).toBe('invalid-config');
    expect(user.message).toBe('unable to find user ghost: no matching entries in passwd file');
    const groupError = failure(() => resolveUser('app:ghosts', [], passwd, group));
    expect(groupError.message).toBe(
      'unable to find group ghosts: no matching entries in group file',
    );
    expect(failure(() => resolveUser('ghost', [], undefined, undefined)).message).toContain(
      'ghost',
    );
  });

  it('adds group_add entries by name or number, without duplicates', () => {
    expect(resolveUser('app', ['staff', '4242', 'wheel'], passwd, group)).toMatchObject({
      gid: 1000,
      additionalGids: [10, 29, 50, 4242],
    });
    expect(resolveUser('app:staff', ['audio'], passwd, group).additionalGids).toEqual([29]);
    expect(failure(() => resolveUser('', ['ghosts'], passwd, group)).message).toBe(
      'Unable to find group ghosts: no matching entries in group file',
    );
  });

  it('refuses ids beyond 2^31-1', () => {
    expect(failure(() => resolveUser('2147483648', [], passwd, group)).message).toContain(
      'out of range',
    );
    expect(failure(() => resolveUser('0:3000000000', [], passwd, group)).message).toContain(
      'out of range',
    );
    expect(resolveUser('2147483647', [], passwd, group).uid).toBe(2147483647);
  });

  it('skips malformed passwd and group lines', () => {
    expect(parsePasswd(passwd).map((entry) => entry.name)).toEqual([
      'root',
      'daemon',
      'app',
      'nobody',
    ]);
    expect(parseGroup('bad:x:zz:a\nok:x:5:a,,b\n')).toEqual([
      { name: 'ok', gid: 5, members: ['a', 'b'] },
    ]);
    expect(failure(() => resolveUser('broken', [], passwd, group)).message).toContain('broken');
  });
});
