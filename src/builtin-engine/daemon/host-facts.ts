/**
 * Facts about this host and this build that `GET /version` and `GET /info`
 * report, in the words clients expect (Go's architecture names …).
 */
import { existsSync, readFileSync } from 'node:fs';
import { arch } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Go's architecture names, which clients print and compare. */
export function goArch(): string {
  const names: Record<string, string> = { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64' };
  return names[arch()] ?? arch();
}

/** The version in the nearest package.json above this module (works from src/ and from the bundle). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tscompose' && pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

export function operatingSystem(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const match = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text);
    return match?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}
