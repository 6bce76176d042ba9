/**
 * Which manifest of an index (OCI image index, Docker manifest list) to pull:
 * the one for linux on this machine's architecture, as Docker's default
 * platform matcher picks it. Pure.
 */
import type { Descriptor, Platform } from '../store/index.js';

/** Node's `process.arch` → the OCI architecture (and the variant Docker assumes). */
const ARCHITECTURES: Readonly<Record<string, Platform>> = {
  x64: { os: 'linux', architecture: 'amd64' },
  arm64: { os: 'linux', architecture: 'arm64', variant: 'v8' },
  arm: { os: 'linux', architecture: 'arm', variant: 'v7' },
  ia32: { os: 'linux', architecture: '386' },
  ppc64: { os: 'linux', architecture: 'ppc64le' },
  s390x: { os: 'linux', architecture: 's390x' },
  riscv64: { os: 'linux', architecture: 'riscv64' },
};

export function hostPlatform(arch: string = process.arch): Platform {
  return ARCHITECTURES[arch] ?? { os: 'linux', architecture: arch };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant]
    .filter((part) => part !== undefined && part !== '')
    .join('/');
}

/**
 * The variant a manifest without one counts as. arm64 images rarely say `v8`;
 * Docker treats the missing variant as the default one.
 */
function variantMatches(wanted: Platform, offered: Platform): boolean {
  if (wanted.variant === undefined) return true;
  if (offered.variant === undefined || offered.variant === '') {
    return wanted.architecture === 'arm64' ? wanted.variant === 'v8' : true;
  }
  return offered.variant === wanted.variant;
}

/**
 * The manifest for `wanted` among an index's entries, or undefined. An exact
 * variant wins over an entry without one; attestation manifests (buildx's
 * `unknown/unknown` entries) never match.
 */
export function selectManifest(
  manifests: readonly Descriptor[],
  wanted: Platform,
): Descriptor | undefined {
  const candidates = manifests.filter(
    (entry) =>
      entry.platform !== undefined &&
      entry.platform.os === wanted.os &&
      entry.platform.architecture === wanted.architecture &&
      variantMatches(wanted, entry.platform),
  );
  const exact = candidates.find((entry) => entry.platform?.variant === wanted.variant);
  return exact ?? candidates[0];
}
