import { buildSpecFor } from '../images/build-spec.js';
import { decideImage, type ImageService, type PullFlag } from '../images/pull-policy.js';
import type { Project, ServiceConfig } from '../spec/model.js';
import { serviceImage } from './names.js';
import type { UpContext } from './plan-context.js';
import type { ActualState, ObservedImage, UpPlanOptions } from './types.js';

/** The local image a reference names: as written, or with the implied `:latest`. */
export function observedImage(actual: ActualState, reference: string): ObservedImage | undefined {
  const lastPart = reference.slice(reference.lastIndexOf('/') + 1);
  const implied =
    lastPart.includes(':') || lastPart.includes('@') ? reference : `${reference}:latest`;
  return actual.images[reference] ?? actual.images[implied];
}

/** What pull-policy.ts needs to know of a service. */
export function imageService(
  project: Project,
  service: ServiceConfig,
  among: readonly string[],
): ImageService {
  const builtByAnotherService =
    service.image !== undefined &&
    among.some((name) => {
      const other = project.services[name];
      return name !== service.name && other?.build !== undefined && other.image === service.image;
    });
  return {
    name: service.name,
    ...(service.image !== undefined ? { image: service.image } : {}),
    hasBuild: service.build !== undefined,
    ...(builtByAnotherService ? { builtByAnotherService } : {}),
    ...(service.pull_policy !== undefined ? { pullPolicy: service.pull_policy } : {}),
  };
}

/** What a failed pull leads to, said in the action's reason. */
const FAILURE_NOTE = {
  build: '; built if the pull fails',
  ignore: '; another service builds it if the pull fails',
  fail: '',
} as const;

function decisionFlags(options: UpPlanOptions) {
  return {
    ...(options.pull !== undefined ? { pull: options.pull as PullFlag } : {}),
    build: options.build === 'always',
    noBuild: options.build === 'never',
  };
}

/**
 * Docker Compose's rules, decided by images/pull-policy.ts (`decideImage`):
 * pull per policy (refresh policies against the image's last tag time and the
 * injected clock), a pull that may fail into a build when the service can
 * build, a build for `--build`/`pull_policy: build` or a missing buildable
 * image. One pull per image reference however many services use it; one build
 * per service. What can be neither pulled nor built blocks the plan.
 */
export function planImages(context: UpContext): void {
  const { project, actual, builder, options } = context;
  const pulls = new Map<string, string>();
  for (const serviceName of [...context.selected].sort()) {
    const service = project.services[serviceName]!;
    const reference = serviceImage(project as Project, service);
    const local = observedImage(actual, reference);
    const decision = decideImage({
      service: imageService(project, service, context.selected),
      reference,
      local: local && {
        created: local.created,
        ...(local.lastTagTime !== undefined ? { lastTagTime: local.lastTagTime } : {}),
      },
      flags: decisionFlags(options),
      now: options.now,
    });
    const id = `image:${serviceName}`;
    switch (decision.action) {
      case 'use-local':
        break;
      case 'pull': {
        const shared = pulls.get(reference);
        if (shared) {
          context.imageActions.set(serviceName, shared);
          break;
        }
        const onFailure =
          decision.onFailure === 'build'
            ? { kind: 'build' as const, build: buildSpecFor(project, service) }
            : decision.onFailure === 'ignore'
              ? { kind: 'ignore' as const }
              : undefined;
        builder.add({
          type: 'image.pull',
          id,
          service: serviceName,
          image: reference,
          ...(service.platform !== undefined ? { platform: service.platform } : {}),
          ...(onFailure !== undefined ? { onFailure } : {}),
          reason: `${decision.reason}${FAILURE_NOTE[decision.onFailure]}`,
        });
        pulls.set(reference, id);
        context.imageActions.set(serviceName, id);
        break;
      }
      case 'build':
        builder.add({
          type: 'image.build',
          id,
          service: serviceName,
          image: reference,
          build: buildSpecFor(project, service),
          reason: decision.reason,
        });
        context.imageActions.set(serviceName, id);
        break;
      case 'error':
        builder.block({
          resource: id,
          message: decision.reason,
          hint: service.build
            ? 'run tscompose build, or leave out --no-build'
            : 'run tscompose pull, or change pull_policy or --pull',
        });
        break;
      default: {
        const unreachable: never = decision;
        throw new Error(`unknown image decision ${String(unreachable)}`);
      }
    }
  }
}
