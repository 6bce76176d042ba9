/**
 * Reads a file of the container's root file system as the container would
 * see it: symlinks (absolute or relative) resolve inside the root, never
 * onto the host. An image may ship `/etc/passwd -> /etc/shadow` or a `..`
 * chain; following it on the host would read the host's file.
 */
import { lstat, readFile, readlink } from 'node:fs/promises';
import { posix } from 'node:path';
import { resolveUser, type ResolvedUser } from './user.js';

const MAX_LINKS = 40;

/** The host path for `path` inside `root`, every symlink resolved within `root`. */
export async function resolveInRoot(root: string, path: string): Promise<string> {
  const pending = posix.normalize(`/${path}`).split('/').filter(Boolean);
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '.') continue;
    if (part === '..') {
      resolved.pop(); // `..` at the root stays at the root, as in a chroot
      continue;
    }
    const host = posix.join(root, ...resolved, part);
    const stats = await lstat(host).catch(() => undefined);
    if (!stats?.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    links += 1;
    if (links > MAX_LINKS) throw new Error(`too many levels of symbolic links in ${path}`);
    const target = await readlink(host);
    if (target.startsWith('/')) resolved.length = 0;
    pending.unshift(...target.split('/').filter(Boolean));
  }
  return posix.join(root, ...resolved);
}

/** The file's text, or undefined when it does not exist in the container. */
export async function readRootfsFile(root: string, path: string): Promise<string | undefined> {
  try {
    return await readFile(await resolveInRoot(root, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw error;
  }
}

/** `user` (name, uid, name:group...) resolved against the root file system's passwd and group. */
export async function resolveUserIn(
  rootfs: string,
  user: string,
  groupAdd: readonly string[],
): Promise<ResolvedUser> {
  const [passwd, group] = await Promise.all([
    readRootfsFile(rootfs, '/etc/passwd'),
    readRootfsFile(rootfs, '/etc/group'),
  ]);
  return resolveUser(user, groupAdd, passwd, group);
}
