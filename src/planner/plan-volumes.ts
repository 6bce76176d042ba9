import type { VolumeSpec } from '../engine/types.js';
import { Label } from '../engine/types.js';
import type { Project, VolumeConfig } from '../spec/model.js';
import { namedVolumeKeys } from './container-mounts.js';
import { TSCOMPOSE_VERSION } from './names.js';
import type { UpContext } from './plan-context.js';
import { volumeConfigHash } from './service-hash.js';

function volumeConfig(project: Project, key: string): VolumeConfig {
  return project.volumes[key] ?? { name: `${project.name}_${key}` };
}

/** The volume as the engine should create it, labelled like Docker Compose's. */
export function volumeSpecFor(project: Project, key: string): VolumeSpec {
  const config = volumeConfig(project, key);
  return {
    name: config.name,
    ...(config.driver !== undefined && { driver: config.driver }),
    ...(config.driver_opts !== undefined && { driverOpts: config.driver_opts }),
    labels: {
      ...config.labels,
      [Label.project]: project.name,
      [Label.volume]: key,
      [Label.version]: TSCOMPOSE_VERSION,
      [Label.configHash]: volumeConfigHash(config),
    },
  };
}

/** Keys of the project volumes the selected services mount, sorted. */
export function usedVolumeKeys(project: Project, services: readonly string[]): string[] {
  const keys = services.flatMap((name) => namedVolumeKeys(project.services[name]!));
  return [...new Set(keys)].filter((key) => key in project.volumes).sort();
}

/**
 * Missing volumes are created; external ones must exist; a volume whose
 * configuration changed blocks the plan: recreating it would lose its data, so
 * the user decides (Docker Compose asks; a plan cannot).
 */
export function planVolumes(context: UpContext): void {
  const { project, actual, builder } = context;
  for (const key of usedVolumeKeys(project, context.selected)) {
    const config = volumeConfig(project, key);
    const id = `volume:${key}`;
    const observed = actual.volumes[config.name];
    if (config.external === true) {
      if (observed) builder.unchanged(id, 'external, exists');
      else
        builder.block({
          resource: id,
          message: `volume ${config.name} declared as external, but could not be found`,
          hint: `create it with \`docker volume create ${config.name}\` or remove \`external: true\``,
        });
      continue;
    }
    const spec = volumeSpecFor(project, key);
    if (!observed) {
      context.volumeActions.set(
        key,
        builder.add({ type: 'volume.create', id, volume: key, spec, reason: 'not found' }),
      );
      continue;
    }
    if (observed.labels[Label.project] !== project.name) {
      builder.warn(
        `volume "${config.name}" already exists but was not created by tscompose; use \`external: true\` to use an existing volume`,
      );
      builder.unchanged(id, 'exists, not created for this project');
      continue;
    }
    if (
      observed.configHash !== undefined &&
      observed.configHash !== spec.labels[Label.configHash]
    ) {
      builder.block({
        resource: id,
        message: `volume ${config.name} exists but doesn't match configuration in the compose file`,
        hint: `remove it with \`docker volume rm ${config.name}\` or \`down -v\` to recreate it (its data will be lost)`,
      });
      continue;
    }
    builder.unchanged(id, 'up to date');
  }
}
