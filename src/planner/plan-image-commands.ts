/**
 * Plans of the image commands, pure like the rest of the planner: `pull`
 * (compose pull.go: `shouldPullImage` via images/pull-policy.ts
 * `decidePullCommand`), `build` (services with a build section, optionally
 * followed by pushes) and `push` (services with both `build` and `image`, each
 * of their tags, as compose push.go). Skipped services are listed in
 * `unchanged` with compose's reason.
 */
import { buildSpecFor, type BuildOverrides } from '../images/build-spec.js';
import { decidePullCommand } from '../images/pull-policy.js';
import type { Project, ServiceConfig } from '../spec/model.js';
import { PlannerError } from './errors.js';
import { dependencyGraph, withDependencies } from './graph.js';
import { serviceImage } from './names.js';
import { PlanBuilder } from './plan-builder.js';
import { imageService, observedImage } from './plan-images.js';
import type { ActualState, Plan } from './types.js';

/** The services named (or all), plus their dependencies when asked, in a stable order. */
export function selectServices(
  project: Project,
  names: readonly string[],
  withDeps: boolean,
): string[] {
  for (const name of names)
    if (!(name in project.services))
      throw new PlannerError('planner.no-such-service', name, `no such service: ${name}`);
  if (names.length === 0) return Object.keys(project.services).sort();
  const graph = dependencyGraph(project);
  return [...(withDeps ? withDependencies(graph, names) : new Set(names))].sort();
}

export interface PullCommandOptions {
  readonly services: readonly string[];
  readonly includeDeps: boolean;
  readonly policy?: 'missing' | 'always';
  readonly ignorePullFailures: boolean;
  readonly ignoreBuildable: boolean;
}

export function planPullCommand(
  project: Project,
  actual: ActualState,
  options: PullCommandOptions,
): Plan {
  const builder = new PlanBuilder();
  const selected = selectServices(project, options.services, options.includeDeps);
  const pulled = new Set<string>();
  for (const name of selected) {
    const service = project.services[name]!;
    const id = `image:${name}`;
    const decision = decidePullCommand({
      service: imageService(project, service, selected),
      local: observedImage(actual, serviceImage(project, service)),
      ...(options.policy !== undefined ? { policyFlag: options.policy } : {}),
      ignoreBuildable: options.ignoreBuildable,
    });
    if (decision.action === 'error') {
      builder.block({ resource: id, message: decision.reason, hint: 'fix pull_policy' });
      continue;
    }
    if (decision.action === 'skip' || pulled.has(service.image!)) {
      builder.unchanged(id, decision.action === 'skip' ? decision.reason : 'pulled once');
      continue;
    }
    pulled.add(service.image!);
    // Compose only warns when an image that can be built fails to pull.
    const ignore = options.ignorePullFailures || service.build !== undefined;
    builder.add({
      type: 'image.pull',
      id,
      service: name,
      image: service.image!,
      ...(service.platform !== undefined ? { platform: service.platform } : {}),
      ...(ignore ? { onFailure: { kind: 'ignore' as const } } : {}),
      reason: decision.reason,
    });
  }
  return builder.build(project.name, 'up');
}

/** The tags a service's build produces that can be pushed: none without `image:`. */
function pushableTags(service: ServiceConfig): string[] {
  if (service.build === undefined || service.image === undefined) return [];
  return [...new Set([service.image, ...(service.build.tags ?? [])])];
}

function addPushes(
  builder: PlanBuilder,
  name: string,
  service: ServiceConfig,
  options: { readonly ignoreFailure: boolean; readonly after?: string; readonly reason: string },
): void {
  pushableTags(service).forEach((tag, index) => {
    builder.add(
      {
        type: 'image.push',
        id: index === 0 ? `image:${name}:push` : `image:${name}:push:${index}`,
        service: name,
        image: tag,
        ...(options.ignoreFailure ? { ignoreFailure: true } : {}),
        reason: options.reason,
      },
      options.after !== undefined ? [options.after] : [],
    );
  });
}

export interface PushCommandOptions {
  readonly services: readonly string[];
  readonly includeDeps: boolean;
  readonly ignorePushFailures: boolean;
}

export function planPushCommand(project: Project, options: PushCommandOptions): Plan {
  const builder = new PlanBuilder();
  for (const name of selectServices(project, options.services, options.includeDeps)) {
    const service = project.services[name]!;
    if (pushableTags(service).length === 0) {
      builder.unchanged(`image:${name}:push`, 'no build section and image to push');
      continue;
    }
    addPushes(builder, name, service, {
      ignoreFailure: options.ignorePushFailures,
      reason: 'push',
    });
  }
  return builder.build(project.name, 'up');
}

export interface BuildCommandOptions {
  readonly services: readonly string[];
  readonly withDependencies: boolean;
  readonly overrides: BuildOverrides;
  /** `--push`: push each built image that has an `image:` name. */
  readonly push: boolean;
}

export function planBuildCommand(project: Project, options: BuildCommandOptions): Plan {
  const builder = new PlanBuilder();
  for (const name of selectServices(project, options.services, options.withDependencies)) {
    const service = project.services[name]!;
    if (service.build === undefined) {
      builder.unchanged(`image:${name}`, 'no build section');
      continue;
    }
    const image = serviceImage(project, service);
    const id = builder.add({
      type: 'image.build',
      id: `image:${name}`,
      service: name,
      image,
      build: buildSpecFor(project, service, options.overrides),
      reason: 'build',
    });
    if (options.push)
      addPushes(builder, name, service, {
        ignoreFailure: false,
        after: id,
        reason: 'build --push',
      });
  }
  return builder.build(project.name, 'up');
}
