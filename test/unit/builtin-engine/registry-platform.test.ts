import { describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/builtin-engine/digest.js';
import { hostPlatform, selectManifest } from '../../../src/builtin-engine/registry/index.js';
import type { Descriptor, Platform } from '../../../src/builtin-engine/store/index.js';

const digest = (n: number) => `sha256:${String(n).padStart(64, '0')}` as Digest;
const entry = (n: number, platform?: Platform): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: digest(n),
  size: 100 + n,
  ...(platform !== undefined ? { platform } : {}),
});

/** A list as Docker Hub serves busybox: several arm variants, and buildx attestations. */
const list: Descriptor[] = [
  entry(1, { os: 'linux', architecture: 'arm', variant: 'v6' }),
  entry(2, { os: 'linux', architecture: 'arm', variant: 'v7' }),
  entry(3, { os: 'linux', architecture: 'arm64' }),
  entry(4, { os: 'linux', architecture: 'amd64' }),
  entry(5, { os: 'unknown', architecture: 'unknown' }),
  entry(6, { os: 'windows', architecture: 'amd64' }),
];

describe('platform selection', () => {
  it("maps Node's process.arch to OCI architectures", () => {
    expect(hostPlatform('x64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(hostPlatform('arm64')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(hostPlatform('s390x')).toEqual({ os: 'linux', architecture: 's390x' });
    expect(['amd64', 'arm64']).toContain(hostPlatform().architecture);
  });

  it('picks linux/amd64 on an x64 machine, never windows or an attestation', () => {
    expect(selectManifest(list, hostPlatform('x64'))?.digest).toBe(digest(4));
    expect(
      selectManifest([list[5] as Descriptor, list[4] as Descriptor], hostPlatform('x64')),
    ).toBeUndefined();
  });

  it('takes an arm64 entry without a variant as v8, and prefers an exact variant', () => {
    expect(selectManifest(list, hostPlatform('arm64'))?.digest).toBe(digest(3));
    const withV8 = [...list, entry(7, { os: 'linux', architecture: 'arm64', variant: 'v8' })];
    expect(selectManifest(withV8, hostPlatform('arm64'))?.digest).toBe(digest(7));
    expect(selectManifest(list, hostPlatform('arm'))?.digest).toBe(digest(2));
  });

  it('finds nothing when the platform is missing or entries have no platform', () => {
    expect(selectManifest(list, { os: 'linux', architecture: 'riscv64' })).toBeUndefined();
    expect(selectManifest([entry(8)], hostPlatform('x64'))).toBeUndefined();
  });
});
