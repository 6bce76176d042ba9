/**
 * Container operations of the Docker backend. Functions here talk to dockerode
 * and return port types; error mapping is the caller's (`DockerEngine.call`).
 */
import { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import {
  type ContainerSpec,
  type ContainerState,
  type ContainerSummary,
  type EngineWarningSink,
  type HealthState,
  type LogChunkStream,
} from '../types.js';
import { toCreateBody } from './create-body.js';
import { connectNetwork } from './docker-networks.js';
import { labelFilters } from './docker-filters.js';
import { logChunks } from './docker-streams.js';

const CONTAINER_STATES: readonly ContainerState[] = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
];

/** Health from the list call's status text: "Up 3 seconds (healthy)", "(health: starting)". */
export function healthFromStatus(status: string, state: ContainerState): HealthState | undefined {
  if (status.includes('(health: starting)')) return 'starting';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(healthy)')) return 'healthy';
  // A running container without a health suffix has no healthcheck; otherwise unknown.
  return state === 'running' ? 'none' : undefined;
}

/** Exit code from "Exited (137) 2 minutes ago". */
export function exitCodeFromStatus(status: string): number | undefined {
  const match = /^Exited \((-?\d+)\)/.exec(status);
  return match ? Number(match[1]) : undefined;
}

function asState(state: string): ContainerState {
  const lower = state.toLowerCase() as ContainerState;
  return CONTAINER_STATES.includes(lower) ? lower : 'dead';
}

export function toContainerSummary(raw: Dockerode.ContainerInfo): ContainerSummary {
  const state = asState(raw.State ?? '');
  const status = raw.Status ?? '';
  const health = healthFromStatus(status, state);
  const exitCode = exitCodeFromStatus(status);
  const mounts = (raw.Mounts ?? []) as { Type?: string; Name?: string }[];
  return {
    id: raw.Id,
    name: (raw.Names?.[0] ?? '').replace(/^\//, ''),
    imageId: raw.ImageID ?? '',
    image: raw.Image ?? '',
    labels: raw.Labels ?? {},
    state,
    ...(health !== undefined ? { health } : {}),
    ...(exitCode !== undefined ? { exitCode } : {}),
    created: raw.Created ?? 0,
    networks: Object.keys(raw.NetworkSettings?.Networks ?? {}).sort(),
    volumes: mounts
      .filter((m) => m.Type === 'volume' && m.Name)
      .map((m) => m.Name as string)
      .sort(),
    ...(status !== '' ? { statusText: status } : {}),
    command: raw.Command ?? '',
    ports: (raw.Ports ?? []).map((port) => ({
      hostIp: port.IP ?? '',
      hostPort: port.PublicPort ?? 0,
      containerPort: port.PrivatePort,
      protocol: port.Type ?? 'tcp',
    })),
  };
}

/** One list call, filtered by label on the engine side: no per-container inspect. */
export async function listContainers(
  docker: Dockerode,
  filter: { readonly project?: string; readonly labels?: readonly string[]; readonly all: boolean },
): Promise<ContainerSummary[]> {
  const label = labelFilters(filter.project, filter.labels);
  const raw = await docker.listContainers({
    all: filter.all,
    ...(label.length > 0 ? { filters: JSON.stringify({ label }) } : {}),
  });
  return raw.map(toContainerSummary);
}

/**
 * Creates the container and, on engines before API 1.44, connects the networks
 * the create call could not carry. A failure to connect removes the half-made
 * container so a retry starts clean.
 */
export async function createContainer(
  docker: Dockerode,
  spec: ContainerSpec,
  warn: EngineWarningSink,
  apiVersion: string,
): Promise<{ id: string }> {
  const { name, body, query, laterNetworks } = toCreateBody(spec, warn, { apiVersion });
  // `_query`/`_body` keep the body out of the URL (dockerode would send both).
  const created = (await docker.createContainer({
    _query: { name, ...query },
    _body: body,
  } as unknown as Dockerode.ContainerCreateOptions)) as Dockerode.Container;
  try {
    for (const attachment of laterNetworks)
      await connectNetwork(docker, attachment.name, created.id, attachment);
  } catch (error) {
    await created.remove({ force: true }).catch(() => undefined);
    throw error;
  }
  return { id: created.id };
}

/** 304 (already started/stopped) is success: both calls converge on a state. */
export async function idempotent(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 304) throw error;
  }
}

const WAIT_CONDITIONS = {
  'not-running': 'not-running',
  'next-exit': 'next-exit',
  removed: 'removed',
} as const;

export async function waitContainer(
  docker: Dockerode,
  id: string,
  condition: keyof typeof WAIT_CONDITIONS,
): Promise<{ exitCode: number }> {
  const result = (await docker
    .getContainer(id)
    .wait({ condition: WAIT_CONDITIONS[condition] })) as {
    StatusCode?: number;
    Error?: { Message?: string } | null;
  };
  if (result.Error?.Message) throw new Error(result.Error.Message);
  return { exitCode: result.StatusCode ?? 0 };
}

async function hasTty(docker: Dockerode, id: string): Promise<boolean> {
  const info = await docker.getContainer(id).inspect();
  return info.Config?.Tty === true;
}

/** Logs as `LogChunk`s tagged stdout/stderr in the engine's order (see `logChunks`). */
export async function containerLogs(
  docker: Dockerode,
  id: string,
  options: {
    readonly follow: boolean;
    readonly tail?: number;
    readonly since?: number;
    readonly timestamps: boolean;
  },
): Promise<LogChunkStream> {
  const tty = await hasTty(docker, id);
  const params = {
    stdout: true,
    stderr: true,
    timestamps: options.timestamps,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
  };
  if (!options.follow) {
    // Without follow dockerode hands back the whole body as a Buffer.
    const buffer = (await docker.getContainer(id).logs({ ...params, follow: false })) as Buffer;
    return logChunks(Readable.from([buffer]), tty);
  }
  const stream = (await docker.getContainer(id).logs({ ...params, follow: true })) as Readable;
  return logChunks(stream, tty);
}

export async function top(
  docker: Dockerode,
  id: string,
): Promise<{ titles: string[]; processes: string[][] }> {
  const result = (await docker.getContainer(id).top()) as {
    Titles?: string[];
    Processes?: string[][];
  };
  return { titles: result.Titles ?? [], processes: result.Processes ?? [] };
}
