import type { DependencyCondition, Project, ServiceConfig } from '../spec/model.js';
import { DependencyCycleError, PlannerError } from './errors.js';

/** One `depends_on` edge, explicit or implied by `links`, `service:` references or `volumes_from`. */
export interface ServiceEdge {
  readonly service: string;
  readonly condition: DependencyCondition;
  readonly required: boolean;
  readonly restart: boolean;
}

export interface DependencyGraph {
  /** Edges of each enabled service, sorted by dependency name. */
  readonly dependencies: ReadonlyMap<string, readonly ServiceEdge[]>;
  /** Services that depend on each service, sorted. */
  readonly dependents: ReadonlyMap<string, readonly string[]>;
  /** Every enabled service, dependencies before dependents, ties by name. */
  readonly order: readonly string[];
}

/** Keys whose `service:x` value shares a namespace of x's container. */
export const NAMESPACE_KEYS = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const;

/**
 * Services whose container this service's container refers to (`network_mode:
 * service:x`, `volumes_from: x`, ...): when theirs is replaced, this one must be too.
 */
export function namespaceParents(service: ServiceConfig): string[] {
  const parents = new Set<string>();
  for (const key of NAMESPACE_KEYS) {
    const value = service[key];
    if (typeof value === 'string' && value.startsWith('service:'))
      parents.add(value.slice('service:'.length));
  }
  const volumesFrom = service.volumes_from;
  if (Array.isArray(volumesFrom)) {
    for (const source of volumesFrom) {
      const text = String(source);
      if (!text.startsWith('container:')) parents.add(text.split(':')[0]!);
    }
  }
  return [...parents].sort();
}

/**
 * Explicit `depends_on` plus the implicit dependencies the loader also adds
 * (kept here so a hand-built `Project` orders the same way): `links` and
 * `service:` references restart with their parent, `volumes_from` does not.
 */
export function serviceDependencies(service: ServiceConfig): ServiceEdge[] {
  const edges = new Map<string, ServiceEdge>();
  for (const [name, dependency] of Object.entries(service.depends_on ?? {})) {
    edges.set(name, {
      service: name,
      condition: dependency.condition,
      required: dependency.required,
      restart: dependency.restart ?? false,
    });
  }
  const implied = (name: string, restart: boolean): void => {
    if (!edges.has(name))
      edges.set(name, { service: name, condition: 'service_started', required: true, restart });
  };
  if (Array.isArray(service.links))
    for (const link of service.links) implied(String(link).split(':')[0]!, true);
  for (const key of NAMESPACE_KEYS) {
    const value = service[key];
    if (typeof value === 'string' && value.startsWith('service:'))
      implied(value.slice('service:'.length), true);
  }
  for (const parent of namespaceParents(service)) implied(parent, false);
  return [...edges.values()].sort((a, b) => compare(a.service, b.service));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Keeps edges to enabled services; a required edge to anything else is an error (as in compose). */
function resolvableEdges(project: Project, name: string, edges: ServiceEdge[]): ServiceEdge[] {
  return edges.filter((edge) => {
    if (edge.service in project.services) return true;
    if (!edge.required) return false;
    const disabled = project.disabledServices[edge.service];
    if (disabled)
      throw new PlannerError(
        'planner.dependency-disabled',
        name,
        `service "${edge.service}" is required by "${name}" but is disabled; it can be enabled by profiles [${(disabled.profiles ?? []).join(', ')}]`,
      );
    throw new PlannerError(
      'planner.dependency-missing',
      name,
      `service "${name}" depends on undefined service "${edge.service}"`,
    );
  });
}

/** Depth-first search for one cycle, starting at the first service by name that is part of one. */
function findCycle(
  dependencies: ReadonlyMap<string, readonly ServiceEdge[]>,
): string[] | undefined {
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (done.has(name)) return undefined;
    const position = stack.indexOf(name);
    if (position >= 0) return [...stack.slice(position), name];
    stack.push(name);
    for (const edge of dependencies.get(name) ?? []) {
      const cycle = visit(edge.service);
      if (cycle) return cycle;
    }
    stack.pop();
    done.add(name);
    return undefined;
  };
  for (const name of [...dependencies.keys()].sort()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The dependency graph of the enabled services. Throws `DependencyCycleError` naming the cycle. */
export function dependencyGraph(project: Project): DependencyGraph {
  const names = Object.keys(project.services).sort();
  const dependencies = new Map<string, readonly ServiceEdge[]>();
  for (const name of names)
    dependencies.set(
      name,
      resolvableEdges(project, name, serviceDependencies(project.services[name]!)),
    );
  const cycle = findCycle(dependencies);
  if (cycle) throw new DependencyCycleError(cycle);
  const dependents = new Map<string, string[]>(names.map((name) => [name, []]));
  for (const name of names)
    for (const edge of dependencies.get(name)!) dependents.get(edge.service)!.push(name);
  // Kahn's algorithm; the ready set is kept sorted so the order is deterministic.
  const waiting = new Map(names.map((name) => [name, dependencies.get(name)!.length]));
  const ready = names.filter((name) => waiting.get(name) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const name = ready.shift()!;
    order.push(name);
    for (const dependent of dependents.get(name)!) {
      const left = waiting.get(dependent)! - 1;
      waiting.set(dependent, left);
      if (left === 0) {
        ready.push(dependent);
        ready.sort(compare);
      }
    }
  }
  return { dependencies, dependents, order };
}

/** `names` plus everything they depend on, transitively. */
export function withDependencies(graph: DependencyGraph, names: Iterable<string>): Set<string> {
  return closure(names, (name) => (graph.dependencies.get(name) ?? []).map((edge) => edge.service));
}

/** `names` plus every service that depends on them, transitively. */
export function withDependents(graph: DependencyGraph, names: Iterable<string>): Set<string> {
  return closure(names, (name) => graph.dependents.get(name) ?? []);
}

function closure(names: Iterable<string>, next: (name: string) => readonly string[]): Set<string> {
  const result = new Set<string>();
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (result.has(name)) continue;
    result.add(name);
    pending.push(...next(name));
  }
  return result;
}
