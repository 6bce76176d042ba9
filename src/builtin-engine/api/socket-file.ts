/**
 * The unix socket's file: its directory is created 0711 (others may reach the
 * socket by its path but not list the directory), a socket left behind by a
 * crashed daemon is removed, and a live one is never taken over: two daemons
 * on one socket would split the clients between two states.
 */
import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, join, relative, sep } from 'node:path';

/** Whether something accepts connections on the unix socket at `path`. */
export function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => {
      probe.destroy();
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') resolve(false);
      else reject(error);
    });
  });
}

/** Makes the socket's directory (only the levels it creates get 0711) and clears a stale socket. */
export async function prepareSocketPath(path: string): Promise<void> {
  const directory = dirname(path);
  const firstCreated = await mkdir(directory, { recursive: true, mode: 0o711 });
  if (firstCreated !== undefined) {
    // mkdir's mode passes through the umask; set the created levels explicitly.
    let current = firstCreated;
    await chmod(current, 0o711);
    for (const part of relative(firstCreated, directory).split(sep).filter(Boolean)) {
      current = join(current, part);
      await chmod(current, 0o711);
    }
  }
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!isSocket) {
    throw new Error(`${path} exists and is not a socket: remove it or choose another socket path`);
  }
  if (await socketAnswers(path)) {
    throw new Error(`another server is already listening on ${path}`);
  }
  await unlink(path);
}
