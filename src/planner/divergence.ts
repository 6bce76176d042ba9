import { serviceToComposeModel } from '../spec/canonical.js';
import type { ServiceConfig } from '../spec/model.js';
import { configChanges, describeChanges, type FieldChange } from './changes.js';
import { namedVolumeKeys } from './container-mounts.js';
import { serviceNetworkKeys } from './container-networks.js';
import { namespaceParents } from './graph.js';
import { networkName, serviceImage, shortImageId, volumeName } from './names.js';
import { nameResolver, type UpContext } from './plan-context.js';
import { observedImage } from './plan-images.js';
import { hashedServiceFields } from './config-hash.js';
import { previousServiceConfigFromLabels, resolveServiceReferences } from './service-hash.js';
import type { ObservedContainer } from './types.js';

/** Why a container no longer matches its service. */
export interface Divergence {
  readonly reason: string;
  readonly changes?: readonly FieldChange[];
}

function configDivergence(
  context: UpContext,
  service: ServiceConfig,
  container: ObservedContainer,
): Divergence {
  if (container.configHash === undefined) return { reason: 'config hash label missing' };
  const previous =
    context.inputs.previousServiceConfig?.(container) ??
    previousServiceConfigFromLabels(container.labels);
  if (previous) {
    const next = hashedServiceFields(
      resolveServiceReferences(serviceToComposeModel(service), nameResolver(context)),
    );
    const changes = configChanges(previous, next);
    if (changes.length > 0) return { reason: describeChanges(changes), changes };
  }
  return { reason: 'config hash changed' };
}

/**
 * Docker Compose's `mustRecreate` for the `diverged` policy, first reason wins:
 * a `service:`/`volumes_from` parent is replaced (its container id changes), the
 * config hash differs, the image behind the tag changed, an expected network or
 * named volume is not attached (or the network is being recreated).
 */
export function divergence(
  context: UpContext,
  service: ServiceConfig,
  container: ObservedContainer,
  expectedHash: string,
): Divergence | undefined {
  const { project, actual } = context;
  for (const parent of namespaceParents(service)) {
    if (context.outcomes.get(parent)?.firstReplaced)
      return {
        reason: `${parent} is recreated and this container shares its namespaces or volumes`,
      };
  }
  if (container.configHash !== expectedHash) return configDivergence(context, service, container);
  // The image will change under a planned pull/build; only a known id can be compared now.
  if (!context.imageActions.has(service.name)) {
    const reference = serviceImage(project, service);
    const image = observedImage(actual, reference);
    if (image && image.id !== container.imageId)
      return { reason: `image ${reference} now resolves to ${shortImageId(image.id)}` };
  }
  for (const key of serviceNetworkKeys(service)) {
    const name = networkName(project, key);
    // A network (re)created by this plan has a new id the old container does not know.
    if (context.recreatedNetworks.has(key)) return { reason: `network ${name} is recreated` };
    if (context.networkActions.has(key)) return { reason: `network ${name} is created` };
    if (!container.networks.includes(name)) return { reason: `network ${name} missing` };
  }
  for (const key of namedVolumeKeys(service)) {
    if (!(key in project.volumes)) continue;
    const name = volumeName(project, key);
    if (context.volumeActions.has(key)) return { reason: `volume ${name} is created` };
    if (!container.volumes.includes(name)) return { reason: `volume ${name} missing` };
  }
  return undefined;
}
