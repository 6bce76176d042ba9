import { describe, expect, it } from 'vitest';
import {
  DOCKER_HUB_AUTH_KEY,
  ImageReferenceError,
  familiarString,
  normalizedString,
  parseImageReference,
  registryAuthKey,
} from '../../../src/images/reference.js';

const digest = `sha256:${'a'.repeat(64)}`;

// [input, registry, repository, tag, digest, familiar name, normalized]
const valid: [string, string, string, string?, string?, string?, string?][] = [
  [
    'busybox',
    'docker.io',
    'library/busybox',
    undefined,
    undefined,
    'busybox',
    'docker.io/library/busybox:latest',
  ],
  [
    'busybox:1.35',
    'docker.io',
    'library/busybox',
    '1.35',
    undefined,
    'busybox',
    'docker.io/library/busybox:1.35',
  ],
  ['library/busybox', 'docker.io', 'library/busybox', undefined, undefined, 'busybox'],
  ['docker.io/busybox', 'docker.io', 'library/busybox', undefined, undefined, 'busybox'],
  [
    'index.docker.io/library/busybox',
    'docker.io',
    'library/busybox',
    undefined,
    undefined,
    'busybox',
  ],
  ['team/app:v2', 'docker.io', 'team/app', 'v2', undefined, 'team/app'],
  ['docker.io/library/a/b', 'docker.io', 'library/a/b', undefined, undefined, 'library/a/b'],
  ['localhost/app', 'localhost', 'app', undefined, undefined, 'localhost/app'],
  ['localhost:5000/app:1', 'localhost:5000', 'app', '1', undefined, 'localhost:5000/app'],
  [
    '127.0.0.1:41234/tscompose-test/bb:1',
    '127.0.0.1:41234',
    'tscompose-test/bb',
    '1',
    undefined,
    '127.0.0.1:41234/tscompose-test/bb',
  ],
  ['ghcr.io/org/tool', 'ghcr.io', 'org/tool', undefined, undefined, 'ghcr.io/org/tool'],
  ['myhost:5000/app', 'myhost:5000', 'app', undefined, undefined, 'myhost:5000/app'],
  // An upper-case first component is a registry host (splitDockerDomain).
  ['Registry/app', 'Registry', 'app', undefined, undefined, 'Registry/app'],
  ['[::1]:5000/app', '[::1]:5000', 'app', undefined, undefined, '[::1]:5000/app'],
  [
    `busybox@${digest}`,
    'docker.io',
    'library/busybox',
    undefined,
    digest,
    'busybox',
    `docker.io/library/busybox@${digest}`,
  ],
  [
    `app:1@${digest}`,
    'docker.io',
    'library/app',
    '1',
    digest,
    'app',
    `docker.io/library/app:1@${digest}`,
  ],
  ['a/b__c/d-e.f--g', 'docker.io', 'a/b__c/d-e.f--g', undefined, undefined, 'a/b__c/d-e.f--g'],
  ['app:Tag_1.0-rc', 'docker.io', 'library/app', 'Tag_1.0-rc', undefined, 'app'],
];

describe('parseImageReference', () => {
  it.each(valid)('%s', (input, registry, repository, tag, dig, familiar, normalized) => {
    const reference = parseImageReference(input);
    expect(reference.registry).toBe(registry);
    expect(reference.repository).toBe(repository);
    expect(reference.tag).toBe(tag);
    expect(reference.digest).toBe(dig);
    expect(reference.name).toBe(`${registry}/${repository}`);
    if (familiar) expect(reference.familiarName).toBe(familiar);
    if (normalized) expect(normalizedString(reference)).toBe(normalized);
  });

  const invalid: [string, RegExp][] = [
    ['', /must not be empty/],
    ['Busybox', /must be lowercase/],
    ['team/App', /must be lowercase/],
    ['localhost:5000/App', /must be lowercase/],
    ['busybox:', /invalid tag/],
    ['busybox:-x', /invalid tag/],
    [`busybox:${'t'.repeat(129)}`, /invalid tag/],
    ['busybox@sha256:abc', /invalid digest format/],
    [`busybox@md5:${'a'.repeat(32)}`, /unsupported digest algorithm/],
    [`busybox@sha256:${'A'.repeat(64)}`, /lower-case hex/],
    [`busybox@sha256:${'a'.repeat(63)}`, /invalid digest format|lower-case hex/],
    ['a'.repeat(64).replace(/a/g, 'f'), /image id/],
    ['-app', /invalid reference format/],
    ['app-', /invalid reference format/],
    ['a//b', /invalid reference format/],
    ['a/b/', /invalid reference format/],
    [' busybox', /invalid reference format/],
    ['host:port/app', /invalid reference format/],
    [`x/${'a'.repeat(260)}`, /longer than 255/],
  ];
  it.each(invalid)('refuses %j', (input, reason) => {
    expect(() => parseImageReference(input)).toThrow(ImageReferenceError);
    expect(() => parseImageReference(input)).toThrow(reason);
  });

  it('names the reference in its error', () => {
    expect(() => parseImageReference('Bad')).toThrow('invalid image reference "Bad"');
  });
});

describe('familiarString', () => {
  it.each([
    ['docker.io/library/busybox:1.35', 'busybox:1.35'],
    ['docker.io/team/app', 'team/app'],
    [`busybox@${digest}`, `busybox@${digest}`],
    ['localhost:5000/app:1', 'localhost:5000/app:1'],
  ])('%s → %s', (input, expected) => {
    expect(familiarString(parseImageReference(input))).toBe(expected);
  });
});

describe('registryAuthKey', () => {
  it('keys Docker Hub as https://index.docker.io/v1/ and every other registry by host[:port]', () => {
    expect(registryAuthKey(parseImageReference('busybox').registry)).toBe(DOCKER_HUB_AUTH_KEY);
    expect(registryAuthKey('index.docker.io')).toBe('https://index.docker.io/v1/');
    expect(registryAuthKey(parseImageReference('127.0.0.1:5000/a').registry)).toBe(
      '127.0.0.1:5000',
    );
    expect(registryAuthKey('ghcr.io')).toBe('ghcr.io');
  });
});
