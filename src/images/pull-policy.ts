/**
 * Whether a service's image is pulled, built, used as it is, or missing for
 * good: pure, the clock is an input. The rules are Docker Compose's
 * (docker/compose v2, pkg/compose and cmd/compose):
 *
 * - `pull_policy` (compose-go `ServiceConfig.GetPullPolicy`): `always`,
 *   `never`, `missing` = `if_not_present` (also the default), `build`,
 *   `daily` (24 h), `weekly` (7 d), `every_<duration>` (Go duration with `d`
 *   and `w`); daily/weekly/every_ are "refresh" policies: pull when the local
 *   image was last tagged longer ago than the interval, or is missing.
 * - `--pull X` replaces every service's policy (cmd/compose/create.go
 *   `createOptions.Apply`); `--pull policy`, the default, keeps them.
 *   Then `--build` sets `build` on every service that has a build section.
 *   `--build` with `--no-build` is a usage error.
 * - pull first (pull.go `mustPull`): never for a service without `image:`
 *   (its image is `<project>-<service>`); `always` pulls; `never`/`build`
 *   do not; refresh as above; otherwise pull only when missing. A failed
 *   pull is not an error when the image can be built (`isServiceImageToBuild`):
 *   the build follows.
 * - then build (build.go `build`), unless `--no-build`: a service with a
 *   build section whose image is still missing, or whose policy is `build`.
 * - anything else uses the local image; a missing one cannot be created.
 *
 * `compose pull` differs (pull.go `shouldPullImage`): see `decidePullCommand`.
 */
import { FormatError, parseDuration } from '../spec/formats.js';
import { parseImageReference } from './reference.js';

export type PullPolicy =
  | { readonly kind: 'always' | 'never' | 'missing' | 'build' }
  | { readonly kind: 'refresh'; readonly intervalMs: number };

/** `--pull` of up/create/run; `policy` (the default) means each service's own. */
export type PullFlag = 'always' | 'missing' | 'never' | 'build' | 'policy';

export interface ImageService {
  readonly name: string;
  /** `image:` as written; undefined when the service only builds. */
  readonly image?: string;
  /** The service has a `build:` section. */
  readonly hasBuild: boolean;
  /** Another service of the project builds the same `image:` (a failed pull is then not fatal). */
  readonly builtByAnotherService?: boolean;
  readonly pullPolicy?: string;
}

/** The local image, when the engine has one. Times in ms since the epoch. */
export interface LocalImage {
  /** When it was last pulled or tagged (image inspect `Metadata.LastTagTime`). */
  readonly lastTagTime?: number;
  /** Its creation time; used when the last tag time is unknown (never later than it, so we err towards pulling). */
  readonly created?: number;
}

export interface ImageDecisionInput {
  readonly service: ImageService;
  /** The reference the container would use (for messages). */
  readonly reference: string;
  readonly local: LocalImage | undefined;
  readonly flags: {
    readonly pull?: PullFlag;
    readonly build?: boolean;
    readonly noBuild?: boolean;
  };
  readonly now: number;
}

export type ImageDecision =
  | {
      readonly action: 'pull';
      readonly reason: string;
      /**
       * A failed pull: `build` this service's image instead, `ignore` it
       * (another service builds the image), or `fail`. Compose also ignores
       * it under `--no-build` and fails later at create; we fail at once.
       */
      readonly onFailure: 'build' | 'ignore' | 'fail';
    }
  | { readonly action: 'build'; readonly reason: string }
  | { readonly action: 'use-local'; readonly reason: string }
  | { readonly action: 'error'; readonly reason: string };

const DAY_MS = 86_400_000;

/** Reads a `pull_policy` value; an `every_` with a bad duration is an error (as in compose-go). */
export function parsePullPolicy(text: string | undefined): PullPolicy | { readonly error: string } {
  switch (text) {
    case undefined:
    case '':
    case 'missing':
    case 'if_not_present':
      return { kind: 'missing' };
    case 'always':
    case 'never':
    case 'build':
      return { kind: text };
    case 'daily':
      return { kind: 'refresh', intervalMs: DAY_MS };
    case 'weekly':
      return { kind: 'refresh', intervalMs: 7 * DAY_MS };
  }
  if (!text.startsWith('every_')) return { error: `unknown pull_policy "${text}"` };
  try {
    return { kind: 'refresh', intervalMs: parseDuration(text.slice('every_'.length)) / 1e6 };
  } catch (error) {
    const why = error instanceof FormatError ? error.message : String(error);
    return { error: `invalid pull_policy "${text}": ${why}` };
  }
}

/** The policy in force and where it came from, for reasons ("--pull always", "pull_policy daily"). */
function effectivePolicy(input: ImageDecisionInput): { text: string; origin: string } {
  const { flags, service } = input;
  if (flags.build && service.hasBuild) return { text: 'build', origin: '--build' };
  if (flags.pull && flags.pull !== 'policy') {
    return { text: flags.pull, origin: `--pull ${flags.pull}` };
  }
  const text = service.pullPolicy ?? 'missing';
  return { text, origin: `pull_policy ${text}` };
}

function age(now: number, since: number): string {
  const hours = Math.max(0, now - since) / 3_600_000;
  return hours >= 48 ? `${Math.floor(hours / 24)} d` : `${Math.floor(hours)} h`;
}

/** Decides for `up`, `create` and `run`. */
export function decideImage(input: ImageDecisionInput): ImageDecision {
  const { service, reference, local, flags, now } = input;
  if (flags.build && flags.noBuild) {
    return { action: 'error', reason: '--build and --no-build are incompatible' };
  }
  if (service.image === undefined && !service.hasBuild) {
    return {
      action: 'error',
      reason: `service "${service.name}" has neither image nor build`,
    };
  }
  const { text, origin } = effectivePolicy(input);
  const policy = parsePullPolicy(text);
  if ('error' in policy) return { action: 'error', reason: policy.error };
  const canBuild = service.hasBuild && !flags.noBuild;
  const onFailure = canBuild
    ? 'build'
    : service.builtByAnotherService && !flags.noBuild
      ? 'ignore'
      : 'fail';

  if (service.image !== undefined) {
    const pull = (reason: string): ImageDecision => ({ action: 'pull', reason, onFailure });
    if (policy.kind === 'always') return pull(origin);
    if (policy.kind === 'refresh') {
      if (!local) return pull(`image ${reference} not found (${origin})`);
      const since = local.lastTagTime ?? local.created;
      if (since === undefined || now > since + policy.intervalMs) {
        const when = since === undefined ? 'at an unknown time' : `${age(now, since)} ago`;
        return pull(`image ${reference} was pulled ${when}, older than ${origin} allows`);
      }
    }
    if (policy.kind === 'missing' && !local) return pull(`image ${reference} not found`);
  }

  if (canBuild && policy.kind === 'build') return { action: 'build', reason: origin };
  if (canBuild && !local) return { action: 'build', reason: `image ${reference} not found` };
  if (local) return { action: 'use-local', reason: `image ${reference} is present (${origin})` };
  return { action: 'error', reason: missingReason(input, policy, origin) };
}

function missingReason(input: ImageDecisionInput, policy: PullPolicy, origin: string): string {
  const { service, reference, flags } = input;
  const missing = `image ${reference} not found locally`;
  if (service.hasBuild && flags.noBuild) return `${missing} and --no-build forbids building it`;
  if (policy.kind === 'build') return `${missing}; ${origin} needs a build section to build it`;
  if (service.image === undefined) return `${missing} and service "${service.name}" cannot build`;
  return `${missing} and ${origin} forbids pulling it`;
}

export type PullCommandDecision =
  | { readonly action: 'pull'; readonly reason: string }
  | { readonly action: 'skip'; readonly reason: string }
  | { readonly action: 'error'; readonly reason: string };

/** A tag of `latest`, written or implied (the daemon re-checks it cheaply). */
function isLatest(reference: string): boolean {
  try {
    const parsed = parseImageReference(reference);
    return (parsed.tag ?? (parsed.digest === undefined ? 'latest' : undefined)) === 'latest';
  } catch {
    return false;
  }
}

/**
 * `compose pull` (pull.go `shouldPullImage`, cmd/compose/pull.go `apply`): an
 * explicit pull refreshes more than `up` does. No `image:` → skip; `--policy`
 * replaces the policy of services with an image; no policy → pull; a due or
 * not yet due refresh policy → pull; `missing` pulls a missing image and a
 * present `latest`; `never`/`build` skip; `--ignore-buildable` skips what can be built.
 */
export function decidePullCommand(input: {
  readonly service: ImageService;
  readonly local: LocalImage | undefined;
  readonly policyFlag?: 'missing' | 'always';
  readonly ignoreBuildable?: boolean;
}): PullCommandDecision {
  const { service, local } = input;
  if (service.image === undefined) return { action: 'skip', reason: 'No image to be pulled' };
  const text = input.policyFlag ?? service.pullPolicy;
  let decision: PullCommandDecision;
  if (text === undefined) {
    decision = { action: 'pull', reason: 'no pull_policy: compose pull refreshes' };
  } else {
    const policy = parsePullPolicy(text);
    if ('error' in policy) return { action: 'error', reason: policy.error };
    if (policy.kind === 'always' || policy.kind === 'refresh') {
      decision = { action: 'pull', reason: `pull_policy ${text}` };
    } else if (policy.kind === 'missing') {
      decision = !local
        ? { action: 'pull', reason: `image ${service.image} not found` }
        : isLatest(service.image)
          ? { action: 'pull', reason: `image ${service.image} is a latest tag` }
          : { action: 'skip', reason: 'Image is already present locally' };
    } else {
      decision = { action: 'skip', reason: `pull_policy ${text}` };
    }
  }
  if (decision.action === 'pull' && input.ignoreBuildable && service.hasBuild) {
    return { action: 'skip', reason: 'Image can be built' };
  }
  return decision;
}
