/**
 * What building one service's image means, as plain data the planner puts into
 * an `image.build` action: pure, from the loaded project and the command's
 * overrides (`build --build-arg`, `--no-cache`, `--pull`). The executor turns it
 * into a context tar (build-context.ts) and the engine's build parameters
 * (build-query.ts).
 *
 * Docker Compose's classic builder (pkg/compose/build_classic.go) is the
 * reference: tags are the service's image and `build.tags`, the labels add
 * `com.docker.compose.project`/`.service`, a build arg without a value was
 * already taken from the environment by the loader. What the classic Engine
 * API build cannot express (ssh, secrets, additional_contexts, cache_to, …)
 * becomes a warning naming the field, never silence.
 */
import type { BuildConfig, Project, ServiceConfig } from '../spec/model.js';
import { parseExtraHost } from '../spec/normalize/extra-hosts.js';
import type { DockerfileSource } from './build-context.js';

export interface ImageBuildSpec {
  /** Absolute context directory, or a remote context (git/http URL) as written. */
  readonly context: string;
  readonly dockerfile: DockerfileSource;
  /** The service's image first, then `build.tags`. */
  readonly tags: readonly string[];
  readonly args: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly cacheFrom: readonly string[];
  /** `build.network`: the network mode of the build's RUN steps. */
  readonly network?: string;
  /** Bytes. */
  readonly shmSize?: number;
  /** `host:ip` each. */
  readonly extraHosts: readonly string[];
  readonly noCache: boolean;
  /** Always try to pull a newer version of the base images. */
  readonly pull: boolean;
  /** The one platform the classic builder builds for; undefined = the engine's own. */
  readonly platform?: string;
  /** Fields the engine's classic build cannot honour, in words, to warn about when building. */
  readonly warnings: readonly string[];
}

/** Overrides of the `build` command and `up --build`. */
export interface BuildOverrides {
  /** `--build-arg K=V` (and `K` alone, resolved by the caller). */
  readonly args?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
  readonly pull?: boolean;
}

const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';

/** Fields of `build` the classic Engine API build has no parameter for. */
const UNSUPPORTED_FIELDS = [
  'additional_contexts',
  'cache_to',
  'entitlements',
  'no_cache_filter',
  'privileged',
  'provenance',
  'sbom',
  'secrets',
  'ssh',
  'ulimits',
] as const;

/** Compose reads `no_cache`/`pull` as booleans, also when written as strings. */
function flag(value: unknown): boolean {
  if (typeof value === 'string') return /^(1|t|true|y|yes|on)$/i.test(value);
  return value === true;
}

/** `extra_hosts` as the loader keeps them (strings or pairs) → `host:ip`. */
function extraHosts(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item === 'object' && item !== null && 'host' in item && 'ip' in item) {
      const pair = item as { host: unknown; ip: unknown };
      return [`${String(pair.host)}:${String(pair.ip)}`];
    }
    try {
      return parseExtraHost(String(item)).map(({ host, ip }) => `${host}:${ip}`);
    } catch {
      return [];
    }
  });
}

function platformOf(
  service: ServiceConfig,
  build: BuildConfig,
  warnings: string[],
): string | undefined {
  const platforms = build.platforms ?? [];
  if (service.platform !== undefined) {
    if (platforms.length > 0 && !platforms.includes(service.platform))
      warnings.push(
        `service "${service.name}": platform ${service.platform} is not one of build.platforms`,
      );
    if (platforms.length > 1)
      warnings.push(
        `service "${service.name}": build.platforms lists ${platforms.length} platforms; the engine's classic builder builds only ${service.platform}`,
      );
    return service.platform;
  }
  if (platforms.length > 1)
    warnings.push(
      `service "${service.name}": build.platforms lists ${platforms.length} platforms; the engine's classic builder builds only ${platforms[0]}`,
    );
  return platforms[0];
}

/** The build of `service`, which must have a `build` section. */
export function buildSpecFor(
  project: Project,
  service: ServiceConfig,
  overrides: BuildOverrides = {},
): ImageBuildSpec {
  const build = service.build;
  if (build === undefined) throw new Error(`service "${service.name}" has no build section`);
  const raw = build as BuildConfig & Record<string, unknown>;
  const warnings: string[] = [];
  for (const field of UNSUPPORTED_FIELDS) {
    if (raw[field] === undefined) continue;
    warnings.push(
      `service "${service.name}": build.${field} is not supported by the engine's classic builder and is ignored`,
    );
  }
  const image = service.image ?? `${project.name}-${service.name}`;
  const platform = platformOf(service, build, warnings);
  const network = typeof raw['network'] === 'string' ? raw['network'] : undefined;
  return {
    context: build.context,
    dockerfile:
      build.dockerfile_inline !== undefined
        ? { kind: 'inline', text: build.dockerfile_inline }
        : { kind: 'file', path: build.dockerfile ?? 'Dockerfile' },
    tags: [...new Set([image, ...(build.tags ?? [])])],
    args: { ...build.args, ...overrides.args },
    ...(build.target !== undefined ? { target: build.target } : {}),
    labels: {
      ...build.labels,
      [PROJECT_LABEL]: project.name,
      [SERVICE_LABEL]: service.name,
    },
    cacheFrom: [...(build.cache_from ?? [])],
    ...(network !== undefined ? { network } : {}),
    ...(build.shm_size !== undefined ? { shmSize: build.shm_size } : {}),
    extraHosts: extraHosts(raw['extra_hosts']),
    noCache: overrides.noCache ?? flag(raw['no_cache']),
    pull: overrides.pull ?? flag(raw['pull']),
    ...(platform !== undefined ? { platform } : {}),
    warnings,
  };
}

/** A context that is not a local directory: a git or http URL. */
export function isRemoteContext(context: string): boolean {
  return (
    /^(https?|git):\/\//.test(context) ||
    context.startsWith('git@') ||
    context.startsWith('github.com/')
  );
}
