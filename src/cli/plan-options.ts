import { ComposeError } from '../spec/diagnostics.js';
import type { DownPlanOptions, PullPolicy, UpPlanOptions } from '../planner/types.js';

/** `--scale web=3 --scale worker=0` → `{ web: 3, worker: 0 }`. */
export function parseScale(values: readonly string[]): Record<string, number> {
  const scale: Record<string, number> = {};
  for (const value of values) {
    const match = /^([^=]+)=(\d+)$/.exec(value);
    if (!match) throw usageError(`invalid --scale "${value}": expected SERVICE=NUMBER`);
    scale[match[1]!] = Number(match[2]);
  }
  return scale;
}

interface UpFlags {
  readonly services: readonly string[];
  readonly scale: Readonly<Record<string, number>>;
  readonly now: number;
  readonly 'no-deps'?: boolean;
  readonly 'force-recreate'?: boolean;
  readonly 'no-recreate'?: boolean;
  readonly 'always-recreate-deps'?: boolean;
  readonly 'renew-anon-volumes'?: boolean;
  readonly 'remove-orphans'?: boolean;
  readonly build?: boolean;
  readonly 'no-build'?: boolean;
  readonly pull?: string;
  readonly 'no-start'?: boolean;
}

/** `up`'s flags as planner options, with the combinations docker compose rejects rejected. */
export function upPlanOptions(flags: UpFlags): UpPlanOptions {
  if (flags['force-recreate'] && flags['no-recreate'])
    throw usageError('--force-recreate and --no-recreate are incompatible');
  if (flags.build && flags['no-build']) throw usageError('--build and --no-build are incompatible');
  if (flags['always-recreate-deps'] && flags['no-recreate']) {
    throw usageError('--always-recreate-deps and --no-recreate are incompatible');
  }
  const forced = flags['force-recreate'] || flags['renew-anon-volumes'];
  return {
    kind: 'up',
    services: flags.services,
    noDeps: Boolean(flags['no-deps']),
    recreate: flags['no-recreate'] ? 'never' : forced ? 'force' : 'diverged',
    recreateDependencies: flags['no-recreate']
      ? 'never'
      : flags['always-recreate-deps']
        ? 'force'
        : 'diverged',
    renewAnonVolumes: Boolean(flags['renew-anon-volumes']),
    scale: flags.scale,
    removeOrphans: Boolean(flags['remove-orphans']) || truthy(process.env.COMPOSE_REMOVE_ORPHANS),
    build: flags.build ? 'always' : flags['no-build'] ? 'never' : 'auto',
    // `--pull policy` (compose's default) means each service's own pull_policy.
    pull: flags.pull === 'policy' ? undefined : (flags.pull as PullPolicy | undefined),
    noStart: Boolean(flags['no-start']),
    now: flags.now,
  };
}

interface DownFlags {
  readonly services: readonly string[];
  readonly 'remove-orphans'?: boolean;
  readonly volumes?: boolean;
  readonly rmi?: string;
  readonly timeout?: number;
}

export function downPlanOptions(flags: DownFlags): DownPlanOptions {
  return {
    kind: 'down',
    services: flags.services,
    removeOrphans: Boolean(flags['remove-orphans']) || truthy(process.env.COMPOSE_REMOVE_ORPHANS),
    volumes: Boolean(flags.volumes),
    rmi: flags.rmi === 'local' || flags.rmi === 'all' ? flags.rmi : undefined,
    timeoutSeconds: flags.timeout,
  };
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value);
}

function usageError(message: string): ComposeError {
  return ComposeError.of({ code: 'usage.flags', message });
}
