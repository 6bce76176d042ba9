/**
 * Which paths are mount points, from /proc/self/mountinfo (proc(5)): the
 * fifth field is the mount point, with space, tab, newline and backslash
 * written as octal escapes (`\040` …).
 */
import { readFile } from 'node:fs/promises';

export interface MountEntry {
  readonly mountPoint: string;
  readonly fsType: string;
}

function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}

export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const fields = line.split(' ');
    // Optional fields (4 … n) end with a lone "-"; the fs type follows it.
    const separator = fields.indexOf('-', 6);
    const mountPoint = fields[4];
    if (mountPoint === undefined || separator === -1) continue;
    entries.push({ mountPoint: unescapeOctal(mountPoint), fsType: fields[separator + 1] ?? '' });
  }
  return entries;
}

export async function readMountInfo(): Promise<MountEntry[]> {
  return parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
}

/** Mount points equal to `dir` or below it (`dir` absolute, without a trailing slash). */
export function mountsAtOrBelow(entries: readonly MountEntry[], dir: string): string[] {
  return entries
    .map((entry) => entry.mountPoint)
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
}
