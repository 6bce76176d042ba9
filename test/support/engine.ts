// Helpers for integration tests that talk to the real Docker Engine
// (made available by `node scripts/engine.mjs ensure`, checked by global-setup.ts).
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { connectDocker, resolveDockerEndpoint } from '../../src/engine/docker/connection.js';

export const projectLabel = 'com.docker.compose.project';
/** The offline image scripts/images.mjs provides (or the real one where Docker Hub is reachable). */
export const busyboxImage = 'busybox:latest';

let client: Promise<Dockerode> | undefined;

/** One dockerode client per test process, for the endpoint the environment names. */
export function dockerClient(): Promise<Dockerode> {
  client ??= connectDocker(resolveDockerEndpoint(process.env));
  return client;
}

/** A project name no other test (or earlier run) uses: valid for Compose ([a-z0-9][a-z0-9_-]*). */
export function uniqueProjectName(prefix = 'tsc-it'): string {
  return `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export function projectLabels(project: string): Record<string, string> {
  return { [projectLabel]: project };
}

const labelFilter = (project: string) => JSON.stringify({ label: [`${projectLabel}=${project}`] });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Removes every container, network and volume labelled with the project. Networks get a
 * bounded retry: right after their containers go the engine can still report active endpoints.
 */
export async function cleanupProject(docker: Dockerode, project: string): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: labelFilter(project) });
  await Promise.all(
    containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })),
  );

  const networks = await docker.listNetworks({ filters: labelFilter(project) });
  for (const network of networks) {
    for (let attempt = 1; ; attempt++) {
      try {
        await docker.getNetwork(network.Id).remove();
        break;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) break;
        if (attempt >= 10) throw error;
        await sleep(200 * attempt);
      }
    }
  }

  const { Volumes: volumes } = await docker.listVolumes({ filters: labelFilter(project) });
  await Promise.all((volumes ?? []).map((v) => docker.getVolume(v.Name).remove()));
}

/** Splits a non-TTY log buffer into stdout and stderr (8-byte frame headers: stream, 0, 0, 0, size). */
export function demuxLogs(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const stream = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    const payload = buffer.subarray(offset + 8, offset + 8 + size);
    (stream === 2 ? err : out).push(payload);
    offset += 8 + size;
  }
  return {
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Creates, starts and waits for a one-shot container, returns its output; the container is removed. */
export async function runToCompletion(
  docker: Dockerode,
  options: { project: string; cmd: string[]; image?: string; networkName?: string; name?: string },
): Promise<RunResult> {
  const container = await docker.createContainer({
    Image: options.image ?? busyboxImage,
    Cmd: options.cmd,
    Labels: projectLabels(options.project),
    ...(options.name ? { name: options.name } : {}),
    HostConfig: options.networkName ? { NetworkMode: options.networkName } : {},
  });
  try {
    await container.start();
    const { StatusCode: exitCode } = (await container.wait()) as { StatusCode: number };
    const logs = (await container.logs({ stdout: true, stderr: true, follow: false })) as Buffer;
    return { exitCode, ...demuxLogs(logs) };
  } finally {
    await container.remove({ force: true });
  }
}
