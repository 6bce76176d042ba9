/**
 * Everything a watch session needs from the project before it starts, read
 * once: the rules of the selected services with their filters (each service's
 * build-context `.dockerignore` read here), the host sources of each service's
 * bind mounts, and the watch roots. A sync rule whose whole path is already
 * bind-mounted into the service is dropped with a warning, as Docker Compose
 * does: the container sees those files already.
 */
import { isAbsolute, resolve } from 'node:path';
import { DockerignoreError, readIgnoreFile } from '../images/dockerignore.js';
import { ComposeError } from '../spec/diagnostics.js';
import type { Project, ServiceConfig } from '../spec/model.js';
import { pathBelow, ruleFilter, type ContextIgnore } from './ignore.js';
import { bindSourceOf, type CompiledRule } from './match.js';
import { projectWatchRules, syncsFiles } from './rules.js';

export interface WatchSetup {
  readonly rules: readonly CompiledRule[];
  readonly bindSources: ReadonlyMap<string, readonly string[]>;
  /** Distinct host paths to watch (a path inside another watched one is left to it). */
  readonly roots: readonly string[];
  readonly services: readonly string[];
  readonly warnings: readonly { readonly service: string; readonly message: string }[];
}

function bindSources(service: ServiceConfig): string[] {
  return (service.volumes ?? [])
    .filter((v) => v.type === 'bind' && typeof v.source === 'string' && isAbsolute(v.source))
    .map((v) => v.source!);
}

/** The `.dockerignore` of a service's build context; none for image-only services or remote contexts. */
export async function contextIgnore(service: ServiceConfig): Promise<ContextIgnore | undefined> {
  const build = service.build;
  if (build === undefined || !isAbsolute(build.context)) return undefined;
  // `<Dockerfile>.dockerignore` beside the Dockerfile wins over the context's `.dockerignore`.
  const dockerfile =
    build.dockerfile_inline !== undefined
      ? undefined
      : resolve(build.context, build.dockerfile ?? 'Dockerfile');
  const file = await readIgnoreFile(build.context, dockerfile);
  return {
    contextDir: build.context,
    patterns: file.patterns,
    ...(file.file !== undefined ? { file: file.file } : {}),
  };
}

/** Drops paths covered by another path of the list (chokidar watches directories recursively). */
export function watchRoots(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)].sort();
  return unique.filter(
    (path) => !unique.some((other) => other !== path && pathBelow(other, path) !== undefined),
  );
}

export async function prepareWatch(
  project: Project,
  services: readonly string[],
): Promise<WatchSetup> {
  const rules = projectWatchRules(project, services);
  const ignores = new Map<string, ContextIgnore | undefined>();
  const mounts = new Map<string, string[]>();
  const warnings: { service: string; message: string }[] = [];
  const compiled: CompiledRule[] = [];
  for (const rule of rules) {
    const service = project.services[rule.service]!;
    if (!ignores.has(rule.service)) ignores.set(rule.service, await contextIgnore(service));
    if (!mounts.has(rule.service)) mounts.set(rule.service, bindSources(service));
    const mount = bindSourceOf(mounts.get(rule.service)!, rule.path);
    if (syncsFiles(rule.action) && mount !== undefined) {
      warnings.push({
        service: rule.service,
        message: `path ${rule.path} is also bind-mounted (from ${mount}): this rule is not watched`,
      });
      continue;
    }
    const contextFilter = ignores.get(rule.service);
    try {
      compiled.push({ rule, filter: ruleFilter(rule, contextFilter) });
    } catch (error) {
      if (!(error instanceof DockerignoreError)) throw error;
      throw ComposeError.of({
        code: 'watch.ignore',
        message: error.message,
        path: ['services', rule.service, 'develop', 'watch', rule.index],
      });
    }
  }
  return {
    rules: compiled,
    bindSources: mounts,
    roots: watchRoots(compiled.map((c) => c.rule.path)),
    services: [...new Set(compiled.map((c) => c.rule.service))].sort(),
    warnings,
  };
}
