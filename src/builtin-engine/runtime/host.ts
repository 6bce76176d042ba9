/**
 * Facts about this host and process that shape every container's spec:
 * which capabilities we hold (runc cannot grant one we lack — root in some
 * sandboxes has no CAP_SYS_RESOURCE) and our open-files limit (a container
 * may not get a higher hard limit than we have without CAP_SYS_RESOURCE).
 */
import { readFile } from 'node:fs/promises';
import { ALL_CAPABILITIES, capabilitiesFromMask } from './capabilities.js';

/** Docker's daemon runs with LimitNOFILE=infinity (1048576); its containers inherit that. */
export const DOCKER_OPEN_FILES = 1_048_576;

/** `CapBnd:` of /proc/self/status. */
export function boundingCapabilities(status: string): string[] {
  const match = /^CapBnd:\s*([0-9a-f]+)$/im.exec(status);
  return match?.[1] ? capabilitiesFromMask(match[1]) : [...ALL_CAPABILITIES];
}

/** The hard "Max open files" of /proc/self/limits, capped at Docker's value. */
export function openFilesLimit(limits: string): number {
  const match = /^Max open files\s+(\S+)\s+(\S+)/im.exec(limits);
  const hard = match?.[2];
  if (hard === undefined || hard === 'unlimited') return DOCKER_OPEN_FILES;
  const value = Number.parseInt(hard, 10);
  return Number.isInteger(value) && value > 0 ? Math.min(value, DOCKER_OPEN_FILES) : 1024;
}

export async function readHostLimits(): Promise<{
  capabilities: string[];
  openFiles: number;
}> {
  const [status, limits] = await Promise.all([
    readFile('/proc/self/status', 'utf8'),
    readFile('/proc/self/limits', 'utf8'),
  ]);
  return { capabilities: boundingCapabilities(status), openFiles: openFilesLimit(limits) };
}
