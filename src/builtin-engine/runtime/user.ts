/**
 * The container user, resolved the way Docker (runc's libcontainer) does it
 * against the image's own /etc/passwd and /etc/group: `''` is root, `name`
 * and `uid` are looked up in passwd (a numeric uid that passwd lacks is
 * allowed, with gid 0), `…:group` takes the group by name or number, and the
 * supplementary groups are the groups listing the user — only when no group
 * was named — plus `groupAdd`. Pure: the caller reads the files.
 */
import { RuntimeError } from './errors.js';

export interface ResolvedUser {
  readonly uid: number;
  readonly gid: number;
  readonly additionalGids: readonly number[];
  /** The home directory from passwd, when the user has an entry. */
  readonly home?: string;
}

interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

/** Linux ids are 32-bit, and runc refuses the top half (like libcontainer's range check). */
const MAX_ID = 2 ** 31 - 1;

function parseId(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

function checkRange(value: number, what: string): number {
  if (value > MAX_ID) {
    throw new RuntimeError('invalid-config', `${what} ${value} is out of range (0–${MAX_ID})`);
  }
  return value;
}

/** Lines of a colon-separated database, comments and blank lines skipped. */
function records(text: string | undefined): string[][] {
  if (text === undefined) return [];
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

export function parsePasswd(text: string | undefined): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const fields of records(text)) {
    const uid = parseId(fields[2] ?? '');
    const gid = parseId(fields[3] ?? '');
    if (uid === undefined || gid === undefined) continue;
    entries.push({ name: fields[0] ?? '', uid, gid, home: fields[5] ?? '' });
  }
  return entries;
}

export function parseGroup(text: string | undefined): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const fields of records(text)) {
    const gid = parseId(fields[2] ?? '');
    if (gid === undefined) continue;
    const members = (fields[3] ?? '').split(',').filter((member) => member !== '');
    entries.push({ name: fields[0] ?? '', gid, members });
  }
  return entries;
}

function groupMatches(entry: GroupEntry, spec: string): boolean {
  return entry.name === spec || String(entry.gid) === spec;
}

/**
 * `user` as in the container config; `passwd`/`group` are the files' contents
 * from the container's root (undefined when the image has none).
 */
export function resolveUser(
  user: string,
  groupAdd: readonly string[],
  passwd: string | undefined,
  group: string | undefined,
): ResolvedUser {
  const colon = user.indexOf(':');
  const userArg = colon < 0 ? user : user.slice(0, colon);
  const groupArg = colon < 0 ? '' : user.slice(colon + 1);
  const users = parsePasswd(passwd);
  const groups = parseGroup(group);

  const uidArg = parseId(userArg);
  const entry =
    userArg === ''
      ? users.find((candidate) => candidate.uid === 0)
      : uidArg !== undefined
        ? users.find((candidate) => candidate.uid === uidArg)
        : users.find((candidate) => candidate.name === userArg);

  let uid = 0;
  let gid = 0;
  if (entry !== undefined) {
    uid = entry.uid;
    gid = entry.gid;
  } else if (userArg !== '') {
    if (uidArg === undefined) {
      throw new RuntimeError(
        'invalid-config',
        `unable to find user ${userArg}: no matching entries in passwd file`,
      );
    }
    uid = checkRange(uidArg, 'uid');
  }

  let additionalGids: number[] = [];
  if (groupArg !== '') {
    const named = groups.find((candidate) => groupMatches(candidate, groupArg));
    if (named !== undefined) {
      gid = named.gid;
    } else {
      const gidArg = parseId(groupArg);
      if (gidArg === undefined) {
        throw new RuntimeError(
          'invalid-config',
          `unable to find group ${groupArg}: no matching entries in group file`,
        );
      }
      gid = checkRange(gidArg, 'gid');
    }
  } else if (entry !== undefined) {
    additionalGids = groups
      .filter((candidate) => candidate.members.includes(entry.name))
      .map((candidate) => candidate.gid);
  }

  for (const extra of groupAdd) {
    const named = groups.find((candidate) => groupMatches(candidate, extra));
    const extraGid = named?.gid ?? parseId(extra);
    if (extraGid === undefined) {
      throw new RuntimeError(
        'invalid-config',
        `Unable to find group ${extra}: no matching entries in group file`,
      );
    }
    additionalGids.push(checkRange(extraGid, 'gid'));
  }

  return {
    uid,
    gid,
    additionalGids: [...new Set(additionalGids)],
    ...(entry !== undefined ? { home: entry.home } : {}),
  };
}
