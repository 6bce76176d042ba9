/** Volume operations of the Docker backend (error mapping is `DockerEngine.call`'s). */
import type Dockerode from 'dockerode';
import type { VolumeSpec, VolumeSummary } from '../types.js';
import { namedListQuery } from './docker-filters.js';

export async function listVolumes(
  docker: Dockerode,
  filter: { readonly project?: string; readonly names?: readonly string[] },
): Promise<VolumeSummary[]> {
  const query = namedListQuery(filter);
  if (!query.options) return [];
  const result = await docker.listVolumes(query.options);
  return (result.Volumes ?? [])
    .filter((v) => query.keep(v.Name))
    .map((v) => ({ name: v.Name, driver: v.Driver ?? '', labels: v.Labels ?? {} }));
}

export async function createVolume(docker: Dockerode, spec: VolumeSpec): Promise<void> {
  await docker.createVolume({
    Name: spec.name,
    ...(spec.driver ? { Driver: spec.driver } : {}),
    DriverOpts: { ...(spec.driverOpts ?? {}) },
    Labels: { ...spec.labels },
  });
}
