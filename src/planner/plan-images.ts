import type { Project, ServiceConfig } from '../spec/model.js';
import { serviceImage } from './names.js';
import type { UpContext } from './plan-context.js';
import { effectivePullPolicy, refreshIntervalMs } from './pull-policy.js';
import type { ActualState, ObservedImage, UpPlanOptions } from './types.js';

type ImageDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'pull' | 'build'; readonly reason: string }
  | { readonly kind: 'blocked'; readonly message: string; readonly hint: string };

/** The local image a reference names: as written, or with the implied `:latest`. */
export function observedImage(actual: ActualState, reference: string): ObservedImage | undefined {
  const lastPart = reference.slice(reference.lastIndexOf('/') + 1);
  const implied =
    lastPart.includes(':') || lastPart.includes('@') ? reference : `${reference}:latest`;
  return actual.images[reference] ?? actual.images[implied];
}

/**
 * Docker Compose's rules (`pull.go` `mustPull`, `build.go`): `--build` or
 * `pull_policy: build` builds; `always` pulls; refresh policies pull when the
 * local image is older than their interval (against the injected clock); a
 * missing image is built when the service can be, else pulled unless `never`.
 */
function decideImage(
  service: ServiceConfig,
  reference: string,
  local: ObservedImage | undefined,
  options: UpPlanOptions,
): ImageDecision {
  const canBuild = service.build !== undefined && options.build !== 'never';
  const canPull = service.image !== undefined;
  const policy = effectivePullPolicy(service.pull_policy, options.pull);
  if (canBuild && options.build === 'always') return { kind: 'build', reason: '--build' };
  if (canBuild && policy === 'build') return { kind: 'build', reason: 'pull_policy build' };
  if (canPull && policy === 'always') return { kind: 'pull', reason: 'pull_policy always' };
  if (local) {
    const interval = refreshIntervalMs(policy);
    if (canPull && interval !== undefined && options.now - local.created > interval)
      return {
        kind: 'pull',
        reason: `image ${reference} is older than pull_policy ${policy} allows`,
      };
    return { kind: 'none' };
  }
  if (canBuild) return { kind: 'build', reason: `image ${reference} not found` };
  if (canPull && policy !== 'never' && policy !== 'build')
    return { kind: 'pull', reason: `image ${reference} not found` };
  return {
    kind: 'blocked',
    message: `image ${reference} not found locally and service "${service.name}" may neither pull nor build it`,
    hint: canPull
      ? 'pull it, or change pull_policy'
      : 'add a build section, or allow building (no --no-build)',
  };
}

/** One pull per image reference however many services use it; one build per service. */
export function planImages(context: UpContext): void {
  const { project, actual, builder, options } = context;
  const pulls = new Map<string, string>();
  for (const serviceName of [...context.selected].sort()) {
    const service = project.services[serviceName]!;
    const reference = serviceImage(project as Project, service);
    const decision = decideImage(service, reference, observedImage(actual, reference), options);
    const id = `image:${serviceName}`;
    switch (decision.kind) {
      case 'none':
        break;
      case 'pull': {
        const shared = pulls.get(reference);
        if (shared) context.imageActions.set(serviceName, shared);
        else {
          builder.add({
            type: 'image.pull',
            id,
            service: serviceName,
            image: reference,
            reason: decision.reason,
          });
          pulls.set(reference, id);
          context.imageActions.set(serviceName, id);
        }
        break;
      }
      case 'build':
        builder.add({
          type: 'image.build',
          id,
          service: serviceName,
          image: reference,
          reason: decision.reason,
        });
        context.imageActions.set(serviceName, id);
        break;
      case 'blocked':
        builder.block({ resource: id, message: decision.message, hint: decision.hint });
        break;
      default: {
        const unreachable: never = decision;
        throw new Error(`unknown image decision ${String(unreachable)}`);
      }
    }
  }
}
