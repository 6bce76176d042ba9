import type { ServiceConfig } from '../spec/model.js';
import { containerSpecFor } from './container-spec.js';
import { divergence, type Divergence } from './divergence.js';
import { containerName, serviceImage } from './names.js';
import {
  containerId,
  containersOf,
  isActive,
  nameResolver,
  resourceActions,
  startId,
  stopId,
  type ServiceOutcome,
  type UpContext,
} from './plan-context.js';
import { observedImage } from './plan-images.js';
import { planRestartAfterDependencies } from './plan-restarts.js';
import { stopAndRemove } from './plan-removal.js';
import { serviceHash } from './service-hash.js';
import type { ObservedContainer, RecreatePolicy } from './types.js';

/** `--scale` wins over `deploy.replicas`, which wins over `scale`; default 1. */
export function expectedScale(
  service: ServiceConfig,
  scale: Readonly<Record<string, number>>,
): number {
  return scale[service.name] ?? service.deploy?.replicas ?? service.scale ?? 1;
}

interface Verdict {
  readonly container: ObservedContainer;
  readonly divergence?: Divergence;
}

function recreatePolicy(context: UpContext, serviceName: string): RecreatePolicy {
  if (context.options.renewAnonVolumes) return 'force';
  return context.targeted.has(serviceName)
    ? context.options.recreate
    : context.options.recreateDependencies;
}

function forcedReason(context: UpContext, serviceName: string): string {
  if (context.options.renewAnonVolumes) return 'forced (--renew-anon-volumes)';
  return context.targeted.has(serviceName)
    ? 'forced (--force-recreate)'
    : 'forced (--always-recreate-deps)';
}

/** A container create waits for its networks, volumes, image and its dependencies' containers. */
function creationAfter(
  context: UpContext,
  service: ServiceConfig,
  number: number,
): (string | undefined)[] {
  const after: (string | undefined)[] = [];
  if (context.builder.has(stopId(service.name, number))) after.push(stopId(service.name, number));
  after.push(...resourceActions(context, service));
  after.push(context.imageActions.get(service.name));
  for (const edge of context.graph.dependencies.get(service.name) ?? [])
    after.push(...(context.outcomes.get(edge.service)?.creations ?? []));
  return after;
}

function stateReason(container: ObservedContainer): string {
  if (container.state === 'exited') return `exited (code ${container.exitCode ?? '?'})`;
  if (container.state === 'created') return 'created, never started';
  return container.state;
}

function addStart(
  context: UpContext,
  outcome: ServiceOutcome,
  serviceName: string,
  number: number,
  name: string,
  reason: string,
  after: string | undefined,
): void {
  if (context.options.noStart) return;
  const id = startId(serviceName, number);
  if (context.builder.has(id)) return;
  const service = context.project.services[serviceName]!;
  // After its own create the networks and volumes are there already; a plain start needs them too.
  const needs = after ?? resourceActions(context, service);
  context.builder.add(
    { type: 'container.start', id, service: serviceName, number, name, reason },
    typeof needs === 'string' ? [needs] : needs,
  );
  outcome.starts.push(id);
}

function scaleDown(context: UpContext, container: ObservedContainer, reason: string): void {
  stopAndRemove(context.builder, container, { reason, volumes: false });
}

/**
 * One service's containers, Docker Compose's `reconcile` rules: up-to-date
 * containers first, then by ascending number; those past `expected` are removed
 * (so outdated and highest numbers go first); the rest are recreated (new before
 * old) when diverged or forced, started when stopped; missing ones are created
 * numbered from the highest existing number + 1 (gaps are not refilled).
 */
export function planServiceContainers(context: UpContext, serviceName: string): void {
  const { project, builder, options } = context;
  const service = project.services[serviceName]!;
  const expected = expectedScale(service, options.scale);
  const existing = containersOf(context.actual, serviceName);
  if (service.container_name !== undefined && expected > 1)
    builder.block({
      resource: `service:${serviceName}`,
      message: `service "${serviceName}" sets container_name "${service.container_name}" and cannot scale to ${expected}`,
      hint: 'remove container_name or keep one replica',
    });
  const resolver = nameResolver(context);
  const hash = serviceHash(project, serviceName, resolver);
  const verdicts: Verdict[] = existing
    .map((container) => ({ container, divergence: divergence(context, service, container, hash) }))
    .sort(
      (a, b) =>
        Number(a.divergence !== undefined) - Number(b.divergence !== undefined) ||
        a.container.number - b.container.number,
    );
  const kept = verdicts.slice(0, expected);
  const nextNumber = Math.max(0, ...existing.map((container) => container.number)) + 1;
  const created = Array.from(
    { length: Math.max(0, expected - kept.length) },
    (_, index) => nextNumber + index,
  );
  const numbers = [...kept.map((verdict) => verdict.container.number), ...created];
  const firstNumber = numbers.length > 0 ? Math.min(...numbers) : undefined;
  const outcome: ServiceOutcome = {
    creations: [],
    recreations: [],
    starts: [],
    firstReplaced: false,
    expected,
    ...(firstNumber !== undefined && {
      firstContainerName: containerName(project, service, firstNumber),
    }),
  };
  context.outcomes.set(serviceName, outcome);

  for (const verdict of verdicts.slice(expected))
    scaleDown(context, verdict.container, `scale ${existing.length} -> ${expected}`);

  const image = context.imageActions.has(serviceName)
    ? undefined
    : observedImage(context.actual, serviceImage(project, service));
  const spec = (number: number) =>
    containerSpecFor(project, serviceName, number, {
      ...resolver,
      ...(image && { imageId: image.id }),
    });
  const policy = recreatePolicy(context, serviceName);

  for (const { container, divergence: diverged } of kept) {
    const { number } = container;
    const recreate: Divergence | undefined =
      policy === 'force'
        ? { reason: forcedReason(context, serviceName) }
        : policy === 'diverged'
          ? diverged
          : undefined;
    if (recreate) {
      const id = builder.add(
        {
          type: 'container.recreate',
          id: containerId(serviceName, number),
          service: serviceName,
          number,
          containerId: container.id,
          spec: spec(number),
          reason: recreate.reason,
          ...(recreate.changes && { changes: recreate.changes }),
        },
        creationAfter(context, service, number),
      );
      outcome.creations.push(id);
      outcome.recreations.push(id);
      if (number === firstNumber) outcome.firstReplaced = true;
      addStart(context, outcome, serviceName, number, container.name, 'recreated', id);
      continue;
    }
    if (planRestartAfterDependencies(context, outcome, container)) continue;
    const id = containerId(serviceName, number);
    const pendingImage = context.imageActions.get(serviceName);
    const note =
      (diverged ? `outdated (${diverged.reason}), kept by --no-recreate` : 'up to date') +
      // Compose compares image digests after pulling: the caller re-plans once images are done.
      (pendingImage && !diverged ? ` unless ${pendingImage} changes the image` : '');
    if (isActive(container) && container.state !== 'paused') builder.unchanged(id, note);
    else if (options.noStart)
      builder.unchanged(id, `${note}, ${stateReason(container)}, not started (--no-start)`);
    else
      addStart(
        context,
        outcome,
        serviceName,
        number,
        container.name,
        stateReason(container),
        undefined,
      );
  }

  for (const number of created) {
    const id = builder.add(
      {
        type: 'container.create',
        id: containerId(serviceName, number),
        service: serviceName,
        number,
        spec: spec(number),
        reason: existing.length === 0 ? 'not found' : `scale ${kept.length} -> ${expected}`,
      },
      creationAfter(context, service, number),
    );
    outcome.creations.push(id);
    if (number === firstNumber) outcome.firstReplaced = true;
    addStart(
      context,
      outcome,
      serviceName,
      number,
      containerName(project, service, number),
      'created',
      id,
    );
  }
}
