/**
 * `cp` as a library call, both ways, with docker cp's rules for where things
 * land: into an existing directory under their own name, otherwise under the
 * destination's name in its parent; `SRC/.` copies a directory's contents; `-`
 * streams a tar from stdin or to stdout. To a service: every container of it
 * (`--all` adds one-off ones, `--index` picks one); from a service: the first.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { posix } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ContainerPathStat, ContainerSummary, Engine } from '../engine/types.js';
import { copyDirection } from './cp-args.js';
import { namesContents, packLocal } from './cp-pack.js';
import { CopyError, extractSafely, type Rebase } from './cp-tar.js';
import { orderTargets, targetContainer } from './exec-target.js';

export interface CopyOptions {
  readonly source: string;
  readonly destination: string;
  /** `--index`: only container number N. */
  readonly index?: number;
  /** `--all`: one-off `run` containers too. */
  readonly all?: boolean;
  /** `-L`: follow SRC when it is a symbolic link. */
  readonly followLink?: boolean;
  /** `-a`: keep the archive's uid/gid in the container. */
  readonly archive?: boolean;
}

export interface CopyEvent {
  readonly container: string;
  readonly status: 'copying' | 'copied';
  /** `web-1:/etc/hosts to ./hosts`. */
  readonly details: string;
}

export interface CopyStreams {
  readonly stdin: Readable;
  readonly stdout: Writable;
}

async function containersFor(
  engine: Engine,
  projectName: string,
  service: string,
  options: CopyOptions,
): Promise<ContainerSummary[]> {
  if ((options.index ?? 0) > 0)
    return [
      await targetContainer(engine, projectName, service, {
        index: options.index!,
        all: true,
        oneoff: false,
      }),
    ];
  const containers = await engine.listContainers({ project: projectName, all: true });
  const chosen = orderTargets(containers, service, { all: true, oneoff: options.all === true });
  if (chosen.length === 0)
    throw new CopyError('cp.destination', `no container found for service "${service}"`);
  return chosen;
}

export async function copy(
  projectName: string,
  engine: Engine,
  options: CopyOptions,
  streams: CopyStreams,
  onEvent: (event: CopyEvent) => void = () => undefined,
): Promise<void> {
  const direction = copyDirection(options.source, options.destination);
  const containers = await containersFor(engine, projectName, direction.service, options);
  const targets = direction.kind === 'from-service' ? containers.slice(0, 1) : containers;
  await Promise.all(
    targets.map(async (container) => {
      const details =
        direction.kind === 'from-service'
          ? `${container.name}:${direction.source} to ${direction.destination}`
          : `${direction.source} to ${container.name}:${direction.destination}`;
      onEvent({ container: container.name, status: 'copying', details });
      if (direction.kind === 'from-service')
        await copyFromContainer(
          engine,
          container,
          direction.source,
          direction.destination,
          options,
          streams,
        );
      else
        await copyToContainer(
          engine,
          container,
          direction.source,
          direction.destination,
          options,
          streams,
        );
      onEvent({ container: container.name, status: 'copied', details });
    }),
  );
}

async function localStat(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A link in the container is followed once, relative to its directory. */
async function followContainerLink(
  engine: Engine,
  id: string,
  path: string,
  found: ContainerPathStat | undefined,
): Promise<{ path: string; stat: ContainerPathStat | undefined }> {
  if (!found?.isSymlink) return { path, stat: found };
  const target = found.linkTarget.startsWith('/')
    ? found.linkTarget
    : posix.join(posix.dirname(path), found.linkTarget);
  return { path: target, stat: await engine.statContainerPath(id, target) };
}

async function copyToContainer(
  engine: Engine,
  container: ContainerSummary,
  source: string,
  destination: string,
  options: CopyOptions,
  streams: CopyStreams,
): Promise<void> {
  const where = `${container.name}:${destination}`;
  const found = await followContainerLink(
    engine,
    container.id,
    destination,
    await engine.statContainerPath(container.id, destination),
  );
  const putOptions = { copyUidGid: options.archive === true };
  if (source === '-') {
    if (!found.stat?.isDirectory)
      throw new CopyError('cp.destination', `destination "${where}" must be a directory`);
    return engine.putArchive(container.id, found.path, streams.stdin, putOptions);
  }
  const local = await localStat(resolve(source));
  if (!local) throw new CopyError('cp.destination', `no such file or directory: ${source}`);
  if (found.stat?.isDirectory) {
    const tar = await packLocal(source, { followLink: options.followLink === true });
    return engine.putArchive(container.id, found.path, tar, putOptions);
  }
  if (found.stat && local.isDirectory())
    throw new CopyError('cp.destination', `cannot copy a directory to the file "${where}"`);
  if (!found.stat && destination.endsWith('/') && !local.isDirectory())
    throw new CopyError('cp.destination', `destination directory "${where}" does not exist`);
  const tar = await packLocal(source, {
    followLink: options.followLink === true,
    rootName: posix.basename(found.path),
  });
  await engine.putArchive(container.id, posix.dirname(found.path), tar, putOptions);
}

async function copyFromContainer(
  engine: Engine,
  container: ContainerSummary,
  source: string,
  destination: string,
  options: CopyOptions,
  streams: CopyStreams,
): Promise<void> {
  const direct = await engine.statContainerPath(container.id, source);
  if (!direct)
    throw new CopyError(
      'cp.destination',
      `Could not find the file ${source} in container ${container.name}`,
    );
  const followed =
    options.followLink === true
      ? await followContainerLink(engine, container.id, source, direct)
      : { path: source, stat: direct };
  const tar = await engine.getArchive(container.id, followed.path);
  if (destination === '-') return pipeline(tar, streams.stdout, { end: false });
  const root = namesContents(source) ? '.' : posix.basename(followed.path);
  const sourceIsDir = followed.stat?.isDirectory === true;
  const target = resolve(destination);
  const local = await localStat(target);
  if (local?.isDirectory()) {
    const rebase: Rebase | undefined =
      followed.path !== source ? { from: root, to: posix.basename(source) } : undefined;
    return extractSafely(tar, target, rebase);
  }
  const drop = (error: CopyError) => {
    tar.destroy();
    throw error;
  };
  if (local && sourceIsDir)
    drop(new CopyError('cp.destination', `cannot copy a directory to the file ${destination}`));
  if (!local && destination.endsWith('/') && !sourceIsDir)
    drop(new CopyError('cp.destination', `destination directory ${destination} does not exist`));
  const parent = await localStat(dirname(target));
  if (!parent?.isDirectory())
    drop(
      new CopyError('cp.destination', `destination directory ${dirname(target)} does not exist`),
    );
  await extractSafely(tar, dirname(target), { from: root, to: basename(target) });
}
