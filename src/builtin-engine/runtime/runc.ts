/**
 * runc's state file: `<root>/<id>/state.json`, written by runc itself. The
 * status is computed from it as `runc state` does (state-files.ts); the
 * freezer cgroup's path is in the file (v1 hosts; on a cgroup2 host runc
 * records no freezer path and the status comes from `runc state`).
 */
import type { SavedState } from './state-files.js';

export const RUNC_STATE_FILE = 'state.json';

/** The parts of runc's `state.json` the status is computed from. */
interface RuncStateFile {
  readonly init_process_pid?: unknown;
  readonly init_process_start?: unknown;
  readonly config?: { readonly labels?: unknown; readonly rootfs?: unknown };
  readonly cgroup_paths?: { readonly freezer?: unknown };
}

export function parseRuncState(text: string): SavedState | undefined {
  let saved: RuncStateFile;
  try {
    saved = JSON.parse(text) as RuncStateFile;
  } catch {
    return undefined;
  }
  if (typeof saved !== 'object' || saved === null) return undefined;
  const pid = saved.init_process_pid;
  const labels = saved.config?.labels;
  const bundle = Array.isArray(labels)
    ? labels
        .find((label): label is string => typeof label === 'string' && label.startsWith('bundle='))
        ?.slice('bundle='.length)
    : undefined;
  const rootfs = saved.config?.rootfs;
  if (typeof pid !== 'number' || bundle === undefined || typeof rootfs !== 'string') {
    return undefined;
  }
  const start = saved.init_process_start;
  const freezer = saved.cgroup_paths?.freezer;
  return {
    pid,
    startTime: typeof start === 'number' ? start : undefined,
    bundle,
    rootfs,
    paused:
      typeof freezer === 'string'
        ? {
            file: `${freezer}/freezer.state`,
            // runc: anything but THAWED (FROZEN, FREEZING) is paused.
            frozen: (content) => content.trim() !== 'THAWED',
            whenMissing: 'unknown',
          }
        : 'unknown',
  };
}
