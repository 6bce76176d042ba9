// The harness's own engine access: leftovers removed by project label between runs (Docker
// through dockerode, Podman through its CLI), and the machine facts RESULTS.md records.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import Docker from 'dockerode';

const docker = new Docker();
const projectLabel = (project) => `com.docker.compose.project=${project}`;

/** Removes everything of a `bench-` project: containers, networks, volumes. */
export async function sweep(project, engine, env) {
  if (!project.startsWith('bench-')) throw new Error(`refusing to sweep ${project}`);
  if (engine === 'podman') return sweepPodman(project, env);
  const filters = { label: [projectLabel(project)] };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })),
  );
  const networks = await docker.listNetworks({ filters: { name: [`${project}_`] } });
  const labelled = await docker.listNetworks({ filters });
  const names = new Set(
    [...networks, ...labelled].map((n) => n.Name).filter((n) => n.startsWith(`${project}_`)),
  );
  await Promise.all([...names].map((name) => docker.getNetwork(name).remove()));
  const { Volumes: volumes } = await docker.listVolumes({ filters });
  await Promise.all((volumes ?? []).map((v) => docker.getVolume(v.Name).remove()));
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

export async function machineFacts() {
  const version = await docker.version();
  const git = (args) => spawnSync('git', args, { encoding: 'utf8' }).stdout?.trim() ?? '';
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    ram: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    kernel: `${os.type()} ${os.release()}`,
    engine: `Docker Engine ${version.Version} (API ${version.ApiVersion})`,
    node: process.version,
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain']) ? ' (with uncommitted changes)' : ''}`,
  };
}
