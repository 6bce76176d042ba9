// The harness's own engine access: leftovers removed by project label between runs (the Docker
// Engine and the built-in engine through dockerode, Podman through its CLI), and the machine
// facts RESULTS.md records.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import Docker from 'dockerode';

const docker = new Docker();
const projectLabel = (project) => `com.docker.compose.project=${project}`;
const clients = new Map();

/** The dockerode client of a tool's engine: the Docker Engine, or the socket of its DOCKER_HOST. */
function client(engine, env) {
  if (engine !== 'builtin') return docker;
  const host = env?.DOCKER_HOST ?? '';
  if (!host.startsWith('unix://'))
    throw new Error(`built-in engine tool without a unix DOCKER_HOST`);
  const socketPath = host.slice('unix://'.length);
  if (!clients.has(socketPath)) clients.set(socketPath, new Docker({ socketPath }));
  return clients.get(socketPath);
}

/** Removes everything of a `bench-` project: containers, networks, volumes. */
export async function sweep(project, engine, env) {
  if (!project.startsWith('bench-')) throw new Error(`refusing to sweep ${project}`);
  if (engine === 'podman') return sweepPodman(project, env);
  const api = client(engine, env);
  const filters = { label: [projectLabel(project)] };
  const containers = await api.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => api.getContainer(c.Id).remove({ force: true, v: true })));
  const networks = await api.listNetworks({ filters: { name: [`${project}_`] } });
  const labelled = await api.listNetworks({ filters });
  const names = new Set(
    [...networks, ...labelled].map((n) => n.Name).filter((n) => n.startsWith(`${project}_`)),
  );
  await Promise.all([...names].map((name) => api.getNetwork(name).remove()));
  const { Volumes: volumes } = await api.listVolumes({ filters });
  await Promise.all((volumes ?? []).map((v) => api.getVolume(v.Name).remove()));
  return containers.length;
}

function sweepPodman(project, env) {
  const options = { encoding: 'utf8', env: { ...process.env, ...env } };
  const ids = (args) =>
    (spawnSync('podman', args, options).stdout ?? '').split('\n').filter(Boolean);
  const containers = ids(['ps', '-aq', '--filter', `label=${projectLabel(project)}`]);
  if (containers.length > 0) spawnSync('podman', ['rm', '-f', '-v', ...containers], options);
  const networks = ids(['network', 'ls', '-q', '--filter', `name=^${project}_`]);
  if (networks.length > 0) spawnSync('podman', ['network', 'rm', '-f', ...networks], options);
  const volumes = ids(['volume', 'ls', '-q', '--filter', `label=${projectLabel(project)}`]);
  if (volumes.length > 0) spawnSync('podman', ['volume', 'rm', '-f', ...volumes], options);
  return containers.length;
}

/** `builtin`: the built-in engine's own line (from bench/lib/builtin-engine.mjs), if it ran. */
export async function machineFacts({ builtin } = {}) {
  const version = await docker.version();
  const git = (args) => spawnSync('git', args, { encoding: 'utf8' }).stdout?.trim() ?? '';
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    ram: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    kernel: `${os.type()} ${os.release()}`,
    engine: `Docker Engine ${version.Version} (API ${version.ApiVersion})`,
    builtin,
    node: process.version,
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain']) ? ' (with uncommitted changes)' : ''}`,
  };
}
