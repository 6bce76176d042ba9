/**
 * Archives in and out of containers (`cp`) on the Docker backend, and the stat
 * of a container path the engine sends in the `X-Docker-Container-Path-Stat`
 * header (base64 JSON: name, size, mode as Go's os.FileMode, linkTarget).
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { ContainerPathStat } from '../types.js';

const GO_MODE_DIR = 2 ** 31;
const GO_MODE_SYMLINK = 2 ** 27;

/** Decodes the stat header; undefined when absent or unreadable. */
export function decodePathStat(
  header: string | string[] | undefined,
): ContainerPathStat | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Record<string, unknown>;
    const mode = typeof raw['mode'] === 'number' ? raw['mode'] : 0;
    return {
      name: typeof raw['name'] === 'string' ? raw['name'] : '',
      size: typeof raw['size'] === 'number' ? raw['size'] : 0,
      mode,
      // Bit tests by division: the directory bit is past JavaScript's 32-bit operators.
      isDirectory: Math.floor(mode / GO_MODE_DIR) % 2 === 1,
      isSymlink: Math.floor(mode / GO_MODE_SYMLINK) % 2 === 1,
      linkTarget: typeof raw['linkTarget'] === 'string' ? raw['linkTarget'] : '',
    };
  } catch {
    return undefined;
  }
}

export async function statContainerPath(
  docker: Dockerode,
  id: string,
  path: string,
): Promise<ContainerPathStat | undefined> {
  try {
    const response = (await docker.getContainer(id).infoArchive({ path })) as IncomingMessage;
    response.resume();
    return decodePathStat(response.headers['x-docker-container-path-stat']);
  } catch (error) {
    // The archive endpoint answers 404 for a missing path (the container was just listed).
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

export async function putArchive(
  docker: Dockerode,
  id: string,
  path: string,
  tar: Readable,
  options: { readonly copyUidGid?: boolean },
): Promise<void> {
  await docker
    .getContainer(id)
    .putArchive(tar, { path, ...(options.copyUidGid ? { copyUIDGID: '1' } : {}) });
}
