/**
 * One snapshot of a project as the engine reports it, typed for the planner:
 * one container list, one network list and one volume list by the project label,
 * one lookup by name for declared networks/volumes without our label (external
 * ones, or ones Docker Compose would reuse with a warning), and one image inspect
 * per distinct image the enabled services use, all in parallel.
 */
import type { Project } from '../spec/model.js';
import type {
  ActualState,
  ObservedContainer,
  ObservedImage,
  ObservedNetwork,
  ObservedVolume,
} from '../planner/types.js';
import { Label, type ContainerSummary, type Engine, type ImageSummary } from './types.js';

function toObservedContainer(summary: ContainerSummary): ObservedContainer {
  const labels = summary.labels;
  const number = Number.parseInt(labels[Label.containerNumber] ?? '', 10);
  const configHash = labels[Label.configHash];
  const imageLabel = labels[Label.image];
  return {
    id: summary.id,
    name: summary.name,
    service: labels[Label.service] ?? '',
    number: Number.isFinite(number) ? number : 0,
    // Docker Compose writes "True"/"False".
    oneoff: (labels[Label.oneoff] ?? '').toLowerCase() === 'true',
    state: summary.state,
    ...(summary.health !== undefined ? { health: summary.health } : {}),
    ...(summary.exitCode !== undefined ? { exitCode: summary.exitCode } : {}),
    imageId: summary.imageId,
    ...(configHash !== undefined ? { configHash } : {}),
    ...(imageLabel !== undefined ? { imageLabel } : {}),
    labels,
    networks: summary.networks,
    volumes: summary.volumes,
    created: summary.created,
  };
}

/** Service, then number, then one-offs after regular containers, then name: stable across runs. */
function compareContainers(a: ObservedContainer, b: ObservedContainer): number {
  if (a.service !== b.service) return a.service < b.service ? -1 : 1;
  if (a.oneoff !== b.oneoff) return a.oneoff ? 1 : -1;
  if (a.number !== b.number) return a.number - b.number;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A record whose keys are inserted in sorted order, so JSON and iteration are deterministic. */
function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Images the enabled services reference, as written. A service with `build`
 * and no `image` gets Docker Compose's default name `<project>-<service>`.
 */
export function referencedImages(project: Project): string[] {
  const references = new Set<string>();
  for (const [key, service] of Object.entries(project.services)) {
    if (service.image) references.add(service.image);
    else if (service.build) references.add(`${project.name}-${key}`);
  }
  return [...references].sort();
}

/** Declared names the project-label list may not include (external or unlabelled resources). */
function declaredNames(resources: Record<string, { name: string }>): string[] {
  return [...new Set(Object.values(resources).map((r) => r.name))].sort();
}

export async function observeProject(engine: Engine, project: Project): Promise<ActualState> {
  const networkNames = declaredNames(project.networks);
  const volumeNames = declaredNames(project.volumes);
  const imageReferences = referencedImages(project);
  const [containers, ownNetworks, namedNetworks, ownVolumes, namedVolumes, images] =
    await Promise.all([
      engine.listContainers({ project: project.name, all: true }),
      engine.listNetworks({ project: project.name }),
      networkNames.length > 0 ? engine.listNetworks({ names: networkNames }) : Promise.resolve([]),
      engine.listVolumes({ project: project.name }),
      volumeNames.length > 0 ? engine.listVolumes({ names: volumeNames }) : Promise.resolve([]),
      Promise.all(
        imageReferences.map(async (ref) => [ref, await engine.inspectImage(ref)] as const),
      ),
    ]);

  const networks = new Map<string, ObservedNetwork>();
  for (const network of [...ownNetworks, ...namedNetworks]) {
    const configHash = network.labels[Label.configHash];
    networks.set(network.name, {
      id: network.id,
      name: network.name,
      labels: network.labels,
      ...(configHash !== undefined ? { configHash } : {}),
    });
  }
  const volumes = new Map<string, ObservedVolume>();
  for (const volume of [...ownVolumes, ...namedVolumes]) {
    const configHash = volume.labels[Label.configHash];
    volumes.set(volume.name, {
      name: volume.name,
      labels: volume.labels,
      ...(configHash !== undefined ? { configHash } : {}),
    });
  }
  return {
    project: project.name,
    containers: containers.map(toObservedContainer).sort(compareContainers),
    networks: sortedRecord(networks),
    volumes: sortedRecord(volumes),
    images: presentImages(images),
  };
}

function presentImages(
  images: readonly (readonly [string, ImageSummary | undefined])[],
): Record<string, ObservedImage> {
  const present: [string, ObservedImage][] = [];
  for (const [reference, image] of images) {
    // The engine counts seconds; the planner (and its injected clock) milliseconds.
    if (image)
      present.push([
        reference,
        {
          id: image.id,
          created: image.created * 1000,
          ...(image.lastTagTime !== undefined
            ? { lastTagTime: Math.round(image.lastTagTime * 1000) }
            : {}),
        },
      ]);
  }
  return sortedRecord(present);
}

/** Only the images the enabled services reference (for `pull`): one inspect each, in parallel. */
export async function observeImages(engine: Engine, project: Project): Promise<ActualState> {
  const images = await Promise.all(
    referencedImages(project).map(async (ref) => [ref, await engine.inspectImage(ref)] as const),
  );
  return {
    project: project.name,
    containers: [],
    networks: {},
    volumes: {},
    images: presentImages(images),
  };
}
