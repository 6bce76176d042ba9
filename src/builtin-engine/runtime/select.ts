/**
 * Which OCI runtime the engine's new containers run on, per host:
 * `TSCOMPOSE_ENGINE_RUNTIME=runc|crun` wins; otherwise crun when it is
 * installed and works here, else runc. crun is preferred because it burns
 * far less CPU per container (exec 8 vs 20 ms; a cold start of 50
 * containers is CPU-bound on a small machine). "Works here" is a cheap
 * probe, run once at daemon start: `crun --version` through the create
 * wrapper the host needs (crun.ts), which also proves that wrapper can run
 * (unshare needs CAP_SYS_ADMIN).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findTool } from '../host/requirements.js';
import { hostCgroupLayout, type CgroupLayout } from './cgroup-mode.js';
import { crunCreateWrapper } from './crun.js';
import { RuntimeError } from './errors.js';
import { RUNTIME_BINARIES, type RuntimeName } from './oci-runtime.js';

const run = promisify(execFile);

export const RUNTIME_ENV = 'TSCOMPOSE_ENGINE_RUNTIME';

export interface CrunProbe {
  /** crun's path; undefined when it is not installed. */
  readonly binary: string | undefined;
  /** `crun --version` ran, through the create wrapper when the host needs one. */
  readonly works: boolean;
  /** crun's version, or why it does not work. */
  readonly detail: string;
}

export interface RuntimeChoice {
  readonly runtime: RuntimeName;
  readonly runtimeBinary: string;
  /** One sentence for the daemon's log. */
  readonly reason: string;
}

/** The setting's value: a runtime, or 'auto' when unset or empty. */
export function runtimeSetting(value: string | undefined): RuntimeName | 'auto' {
  const setting = (value ?? '').trim().toLowerCase();
  if (setting === '' || setting === 'auto') return 'auto';
  if (setting === 'runc' || setting === 'crun') return setting;
  throw new RuntimeError(
    'invalid-config',
    `${RUNTIME_ENV}=${value ?? ''} is not a runtime the built-in engine knows: use runc or crun`,
  );
}

/**
 * The decision, from the setting, runc's path (undefined = not found) and
 * the crun probe (undefined = not probed, which only the runc setting allows).
 */
export function chooseRuntime(
  setting: string | undefined,
  runc: string | undefined,
  crun: CrunProbe | undefined,
): RuntimeChoice {
  const wanted = runtimeSetting(setting);
  const runcChoice = (reason: string): RuntimeChoice => ({
    runtime: 'runc',
    runtimeBinary: runc ?? RUNTIME_BINARIES.runc,
    reason,
  });
  if (wanted === 'runc') return runcChoice(`runc (${RUNTIME_ENV}=runc)`);
  if (wanted === 'crun') {
    if (crun?.binary === undefined) {
      throw new RuntimeError(
        'invalid-config',
        `${RUNTIME_ENV}=crun but crun is not installed (apt-get install crun)`,
      );
    }
    // Asked for: used even when the probe failed, so its errors reach the user.
    return { runtime: 'crun', runtimeBinary: crun.binary, reason: `crun (${RUNTIME_ENV}=crun)` };
  }
  if (crun?.binary !== undefined && crun.works) {
    return { runtime: 'crun', runtimeBinary: crun.binary, reason: `${crun.detail}` };
  }
  return runcChoice(
    crun?.binary === undefined
      ? 'runc (crun is not installed)'
      : `runc (crun does not work here: ${crun.detail})`,
  );
}

/** The crun probe's facts → its answer, with the command it runs (undefined: no need to run one). */
export function crunProbeCommand(
  layout: CgroupLayout,
  crun: string,
  unshare: string | undefined,
): { command: readonly string[]; wrapped: boolean } | { error: string } {
  if (layout.mode === undefined) {
    return { error: 'no cgroup file system crun knows on /sys/fs/cgroup' };
  }
  const wrapper = crunCreateWrapper(layout, unshare ?? 'unshare');
  if (wrapper && unshare === undefined) {
    return { error: 'its hybrid-cgroup wrapper needs unshare (apt-get install util-linux)' };
  }
  return { command: [...(wrapper ?? []), crun, '--version'], wrapped: wrapper !== undefined };
}

export async function probeCrun(env: NodeJS.ProcessEnv = process.env): Promise<CrunProbe> {
  const binary = await findTool('crun', env);
  if (binary === undefined) return { binary, works: false, detail: 'not installed' };
  const plan = crunProbeCommand(await hostCgroupLayout(), binary, await findTool('unshare', env));
  if ('error' in plan) return { binary, works: false, detail: plan.error };
  const [command = binary, ...args] = plan.command;
  try {
    const { stdout } = await run(command, args, { timeout: 5000 });
    const version = /crun version (\S+)/.exec(stdout)?.[1] ?? 'unknown version';
    const how = plan.wrapped ? ', create in a private mount namespace (hybrid cgroups)' : '';
    return { binary, works: true, detail: `crun ${version}${how}` };
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const why = typeof stderr === 'string' && stderr.trim() ? stderr.trim() : String(error);
    return { binary, works: false, detail: why.split('\n')[0] ?? why };
  }
}

/** The runtime for this host (see the module comment); probes at most once per call. */
export async function detectRuntime(env: NodeJS.ProcessEnv = process.env): Promise<RuntimeChoice> {
  const setting = env[RUNTIME_ENV];
  const wanted = runtimeSetting(setting);
  const runc = await findTool('runc', env);
  const crun = wanted === 'runc' ? undefined : await probeCrun(env);
  return chooseRuntime(setting, runc, crun);
}
