import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dependencyGraph, planUp } from '../../../src/planner/index.js';
import { serviceNetworkKeys } from '../../../src/planner/container-networks.js';
import { namedVolumeKeys } from '../../../src/planner/container-mounts.js';
import type { Project } from '../../../src/spec/model.js';
import type { Action, ActualState, ObservedContainer, Plan } from '../../../src/planner/types.js';
import {
  convergedState,
  imageId,
  observedContainer,
  project,
  upOptions,
  type ServiceDelta,
} from './builders.js';

const CONDITIONS = [
  'service_started',
  'service_healthy',
  'service_completed_successfully',
] as const;

/** Small DAG-shaped projects: service i may depend on (or share the namespace of) services before it. */
const projects: fc.Arbitrary<Project> = fc
  .integer({ min: 1, max: 5 })
  .chain((count) =>
    fc.tuple(
      ...Array.from({ length: count }, (_, index) =>
        fc.record({
          deps: fc.subarray(Array.from({ length: index }, (_, j) => j)),
          conditions: fc.array(fc.constantFrom(...CONDITIONS), { minLength: 5, maxLength: 5 }),
          required: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
          restart: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
          healthcheck: fc.boolean(),
          volumes: fc.subarray(['v0', 'v1']),
          networks: fc.subarray(['default', 'n0', 'n1'], { minLength: 1 }),
          namespaceParent: fc.option(fc.nat(Math.max(0, index - 1)), { nil: undefined }),
          scale: fc.integer({ min: 0, max: 3 }),
          env: fc.constantFrom('a', 'b'),
        }),
      ),
    ),
  )
  .map((shapes) => {
    const services: Record<string, ServiceDelta> = {};
    shapes.forEach((shape, index) => {
      const dependsOn = Object.fromEntries(
        shape.deps.map((dep, k) => [
          `s${dep}`,
          {
            condition: shape.conditions[k]!,
            required: shape.required[k]!,
            restart: shape.restart[k]!,
          },
        ]),
      );
      const parent = index > 0 ? shape.namespaceParent : undefined;
      services[`s${index}`] = {
        environment: { VALUE: shape.env },
        scale: shape.scale,
        ...(shape.deps.length > 0 && { depends_on: dependsOn }),
        ...(shape.healthcheck && { healthcheck: { test: ['CMD', 'true'] } }),
        ...(shape.volumes.length > 0 && {
          volumes: shape.volumes.map((source) => ({
            type: 'volume',
            source,
            target: `/${source}`,
          })),
        }),
        ...(parent !== undefined
          ? { network_mode: `service:s${parent}` }
          : { networks: Object.fromEntries(shape.networks.map((key) => [key, null])) }),
      };
    });
    return project(services, { networks: { n0: {}, n1: {} }, volumes: { v0: {}, v1: {} } });
  });

type Mutation = 'keep' | 'drop' | 'exited' | 'stale' | 'detached' | 'paused';

/** A state near the converged one: containers dropped, stopped, outdated; resources missing; orphans. */
function observedStates(p: Project): fc.Arbitrary<ActualState> {
  return fc
    .record({
      scale: fc.dictionary(
        fc.constantFrom(...Object.keys(p.services)),
        fc.integer({ min: 0, max: 4 }),
      ),
      mutations: fc.array(
        fc.constantFrom<Mutation>('keep', 'drop', 'exited', 'stale', 'detached', 'paused'),
        { minLength: 20, maxLength: 20 },
      ),
      dropNetworks: fc.subarray(['app_default', 'app_n0', 'app_n1']),
      dropVolumes: fc.subarray(['app_v0', 'app_v1']),
      newImage: fc.boolean(),
      orphans: fc.integer({ min: 0, max: 2 }),
    })
    .map(({ scale, mutations, dropNetworks, dropVolumes, newImage, orphans }) => {
      const base = convergedState(p, scale);
      const containers = base.containers.flatMap((container, index): ObservedContainer[] => {
        switch (mutations[index % mutations.length]!) {
          case 'keep':
            return [container];
          case 'drop':
            return [];
          case 'exited':
            return [{ ...container, state: 'exited', exitCode: 1 }];
          case 'paused':
            return [{ ...container, state: 'paused' }];
          case 'stale':
            return [{ ...container, configHash: 'stale' }];
          case 'detached':
            return [{ ...container, networks: [] }];
        }
      });
      for (let index = 0; index < orphans; index++)
        containers.push(observedContainer(`gone${index}`, 1));
      return {
        ...base,
        containers,
        networks: Object.fromEntries(
          Object.entries(base.networks).filter(([name]) => !dropNetworks.includes(name)),
        ),
        volumes: Object.fromEntries(
          Object.entries(base.volumes).filter(([name]) => !dropVolumes.includes(name)),
        ),
        images: newImage ? { busybox: { id: imageId('busybox:next'), created: 0 } } : base.images,
      };
    });
}

const options = (p: Project) =>
  fc.record({
    services: fc.subarray(Object.keys(p.services)),
    noDeps: fc.boolean(),
    recreate: fc.constantFrom('diverged', 'force', 'never' as const),
    recreateDependencies: fc.constantFrom('diverged', 'force', 'never' as const),
    noStart: fc.boolean(),
    removeOrphans: fc.boolean(),
  });

/** Every action id that must be done before `id`, transitively. */
function ancestors(plan: Plan, id: string): Set<string> {
  const byId = new Map(plan.actions.map((action) => [action.id, action]));
  const seen = new Set<string>();
  const pending = [...(byId.get(id)?.after ?? [])];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...(byId.get(next)?.after ?? []));
  }
  return seen;
}

function checkStartOrder(p: Project, plan: Plan): void {
  const graph = dependencyGraph(p);
  const ids = new Set(plan.actions.map((action) => action.id));
  const startsOf = (service: string) =>
    plan.actions.filter(
      (a): a is Extract<Action, { type: 'container.start' }> =>
        a.type === 'container.start' && a.service === service,
    );
  for (const start of plan.actions.filter((a) => a.type === 'container.start')) {
    if (start.type !== 'container.start') continue;
    const before = ancestors(plan, start.id);
    const service = p.services[start.service]!;
    for (const key of serviceNetworkKeys(service))
      if (ids.has(`network:${key}`))
        expect(before, `${start.id} after network:${key}`).toContain(`network:${key}`);
    for (const key of namedVolumeKeys(service))
      if (ids.has(`volume:${key}`))
        expect(before, `${start.id} after volume:${key}`).toContain(`volume:${key}`);
    if (ids.has(`container:${start.service}:${start.number}`))
      expect(before).toContain(`container:${start.service}:${start.number}`);
    for (const edge of graph.dependencies.get(start.service) ?? []) {
      if (!edge.required) continue;
      for (const dependencyStart of startsOf(edge.service))
        expect(before, `${start.id} after ${dependencyStart.id}`).toContain(dependencyStart.id);
      if (edge.condition !== 'service_started' && startsOf(edge.service).length > 0)
        expect([...before].some((id) => id.startsWith(`wait:${edge.service}:`))).toBe(true);
    }
  }
}

describe('planUp properties', () => {
  it('edges point to planned actions, the plan is in topological order, and starts come after what they need', () => {
    fc.assert(
      fc.property(
        projects.chain((p) => fc.tuple(fc.constant(p), observedStates(p), options(p))),
        ([p, state, delta]) => {
          const plan = planUp(p, state, upOptions(delta));
          const position = new Map(plan.actions.map((action, index) => [action.id, index]));
          expect(position.size).toBe(plan.actions.length);
          for (const action of plan.actions)
            for (const id of action.after) {
              expect(position.has(id), `${action.id} after unknown ${id}`).toBe(true);
              expect(position.get(id)!).toBeLessThan(position.get(action.id)!);
            }
          checkStartOrder(p, plan);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(
        projects.chain((p) => fc.tuple(fc.constant(p), observedStates(p))),
        ([p, state]) => {
          expect(planUp(p, state, upOptions())).toEqual(planUp(p, state, upOptions()));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('plans nothing against the state it would produce', () => {
    fc.assert(
      fc.property(
        projects.chain((p) => fc.tuple(fc.constant(p), options(p))),
        ([p, delta]) => {
          const calm = {
            ...delta,
            recreate: 'diverged' as const,
            recreateDependencies: 'diverged' as const,
          };
          const plan = planUp(p, convergedState(p), upOptions(calm));
          expect(plan.actions).toEqual([]);
          expect(plan.blockers).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
