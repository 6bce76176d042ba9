/**
 * One batch of changed host paths → what each service must do (Docker
 * Compose's `handleWatchBatch` matching): every path against every rule; a
 * rule that accepts it adds a rebuild, a file to sync, a restart or an exec
 * hook to its service. Pure.
 */
import { posix } from 'node:path';
import type { RuleFilter } from './ignore.js';
import { pathBelow } from './ignore.js';
import type { SyncItem } from './tar.js';
import type { ExecHook, ServiceChanges, WatchRule } from './types.js';

export interface CompiledRule {
  readonly rule: WatchRule;
  readonly filter: RuleFilter;
}

/** A path not synced, and why (reported as a warning, once per cause). */
export interface SkippedPath {
  readonly service: string;
  readonly hostPath: string;
  readonly reason: 'bind-mount' | 'outside-target';
  /** The bind mount's source, or the rule's target. */
  readonly detail: string;
}

export interface BatchChanges {
  readonly services: readonly ServiceChanges[];
  readonly skipped: readonly SkippedPath[];
}

/** Where a host path lands under the rule's target; undefined when it would fall outside it. */
export function containerPathFor(rule: WatchRule, hostPath: string): string | undefined {
  const rel = pathBelow(rule.path, hostPath);
  if (rule.target === undefined || rel === undefined) return undefined;
  const target = rule.target;
  const containerPath = rel === '' ? target : posix.join(target, rel);
  const inside =
    containerPath === target || containerPath.startsWith(target === '/' ? '/' : `${target}/`);
  return inside ? containerPath : undefined;
}

/** The bind mount source (of the same service) a host path lies under, if any. */
export function bindSourceOf(bindSources: readonly string[], hostPath: string): string | undefined {
  return bindSources.find((source) => pathBelow(source, hostPath) !== undefined);
}

interface Collecting {
  rebuild: boolean;
  restart: boolean;
  sync: Map<string, SyncItem>;
  exec: Map<number, ExecHook>;
}

/**
 * `bindSources` maps a service to the host sources of its bind mounts: a file
 * there is already in the container, so syncing it would write through the
 * mount into the host file itself.
 */
export function batchChanges(
  paths: readonly string[],
  rules: readonly CompiledRule[],
  bindSources: ReadonlyMap<string, readonly string[]> = new Map(),
): BatchChanges {
  const byService = new Map<string, Collecting>();
  const skipped: SkippedPath[] = [];
  const entry = (service: string): Collecting => {
    let found = byService.get(service);
    if (!found) {
      found = { rebuild: false, restart: false, sync: new Map(), exec: new Map() };
      byService.set(service, found);
    }
    return found;
  };
  for (const hostPath of paths) {
    for (const { rule, filter } of rules) {
      if (!filter.accepts(hostPath)) continue;
      const changes = entry(rule.service);
      if (rule.action === 'rebuild') {
        changes.rebuild = true;
        continue;
      }
      if (rule.action === 'restart' || rule.action === 'sync+restart') changes.restart = true;
      if (rule.action === 'restart') continue;
      if (rule.action === 'sync+exec' && rule.exec) changes.exec.set(rule.index, rule.exec);
      const mount = bindSourceOf(bindSources.get(rule.service) ?? [], hostPath);
      if (mount !== undefined) {
        skipped.push({ service: rule.service, hostPath, reason: 'bind-mount', detail: mount });
        continue;
      }
      const containerPath = containerPathFor(rule, hostPath);
      if (containerPath === undefined) {
        skipped.push({
          service: rule.service,
          hostPath,
          reason: 'outside-target',
          detail: rule.target ?? '',
        });
        continue;
      }
      // Keyed by container path: two rules landing on the same path sync it once.
      changes.sync.set(containerPath, { hostPath, containerPath, accepts: filter.accepts });
    }
  }
  const services = [...byService.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([service, c]) => ({
      service,
      rebuild: c.rebuild,
      sync: [...c.sync.values()],
      restart: c.restart,
      exec: [...c.exec.entries()].sort(([a], [b]) => a - b).map(([, hook]) => hook),
    }));
  return { services, skipped };
}
