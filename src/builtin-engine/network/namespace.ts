/**
 * Named network namespaces (`ip netns add` → /run/netns/NAME, a bind mount
 * that keeps the namespace alive without a process), one per container.
 *
 * Removal deletes the namespace's veths first: `ip netns del` only unmounts,
 * and the kernel destroys the namespace and its devices later (measured ~1 s,
 * research notes §1), during which the host-side names are still taken. A
 * veth deleted explicitly takes its peer with it at once.
 */
import { access } from 'node:fs/promises';
import { NetworkError, describeFailure } from './errors.js';
import { ipHost, ipIn, isNotFound, parseLinks } from './ip.js';
import { NETNS_DIR } from './names.js';

function fail(name: string, error: unknown): NetworkError {
  return new NetworkError('command-failed', `network namespace ${name}`, describeFailure(error), {
    cause: error,
  });
}

async function loopbackUp(path: string): Promise<void> {
  await ipIn(path, ['link', 'set', 'lo', 'up']);
}

/** Creates NAME (or keeps an existing, working one) with loopback up; returns its path. */
export async function createNamedNamespace(name: string): Promise<string> {
  const path = `${NETNS_DIR}/${name}`;
  try {
    await ipHost(['netns', 'add', name]);
  } catch (error) {
    if (!describeFailure(error).includes('File exists')) throw fail(name, error);
  }
  try {
    await loopbackUp(path);
  } catch {
    // A stale file whose namespace mount is gone (a crash between the two
    // steps of `ip netns add`): start over once.
    try {
      await ipHost(['netns', 'del', name]).catch(() => undefined);
      await ipHost(['netns', 'add', name]);
      await loopbackUp(path);
    } catch (error) {
      throw fail(name, error);
    }
  }
  return path;
}

/** Deletes the namespace's veths, then the namespace; nothing when it is absent. */
export async function removeNamedNamespace(name: string): Promise<void> {
  const path = `${NETNS_DIR}/${name}`;
  if (
    !(await access(path).then(
      () => true,
      () => false,
    ))
  )
    return;
  try {
    const links = parseLinks((await ipIn(path, ['-j', '-d', 'link', 'show'])).stdout);
    const veths = links.filter((link) => link.kind === 'veth').map((link) => link.ifname);
    if (veths.length > 0)
      await ipIn(
        path,
        [],
        veths.map((ifname) => `link del ${ifname}`),
      );
  } catch (error) {
    // An unmounted leftover file has no devices to delete; `netns del` removes it.
    if (!isNotFound(error) && !describeFailure(error).includes('Invalid argument')) {
      throw fail(name, error);
    }
  }
  try {
    await ipHost(['netns', 'del', name]);
  } catch (error) {
    if (!isNotFound(error)) throw fail(name, error);
  }
}

/** Names of the named namespaces on the host. */
export async function listNamedNamespaces(): Promise<string[]> {
  const { stdout } = await ipHost(['-j', 'netns', 'list']);
  const value: unknown = JSON.parse(stdout.trim() === '' ? '[]' : stdout);
  if (!Array.isArray(value)) return [];
  return value
    .map((entry: { name?: unknown }) => entry.name)
    .filter((name): name is string => typeof name === 'string');
}
