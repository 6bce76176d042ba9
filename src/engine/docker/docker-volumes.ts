/** Volume operations of the Docker backend (error mapping is `DockerEngine.call`'s). */
import type Dockerode from 'dockerode';
import type { VolumeSpec, VolumeSummary } from '../types.js';
import { labelFilters } from './docker-filters.js';

export async function listVolumes(
  docker: Dockerode,
  filter: { readonly project?: string; readonly names?: readonly string[] },
): Promise<VolumeSummary[]> {
  const label = labelFilters(filter.project);
  const filters: Record<string, string[]> = {};
  if (label.length > 0) filters['label'] = label;
  if (filter.names) {
    if (filter.names.length === 0) return [];
    filters['name'] = [...filter.names];
  }
  const result = await docker.listVolumes(
    Object.keys(filters).length > 0 ? { filters: JSON.stringify(filters) } : {},
  );
  // The `name` filter matches substrings: keep exact matches only.
  const wanted = filter.names ? new Set(filter.names) : undefined;
  return (result.Volumes ?? [])
    .filter((v) => !wanted || wanted.has(v.Name))
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
