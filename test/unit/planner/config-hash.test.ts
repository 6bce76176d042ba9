import { describe, expect, it } from 'vitest';
import { canonicalJson, serviceConfigHash } from '../../../src/planner/config-hash.js';

const service = {
  image: 'nginx',
  environment: { A: '1', B: '2' },
  ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
};

describe('config hash', () => {
  it('is the SHA-256 of the key-sorted JSON', async () => {
    const { createHash } = await import('node:crypto');
    expect(serviceConfigHash(service)).toBe(
      createHash('sha256').update(canonicalJson(service)).digest('hex'),
    );
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: undefined }] })).toBe('{"a":[{"d":1}],"b":1}');
  });

  it('does not depend on key order', () => {
    const reordered = { ports: service.ports, environment: { B: '2', A: '1' }, image: 'nginx' };
    expect(serviceConfigHash(reordered)).toBe(serviceConfigHash(service));
  });

  it('changes when a value that reaches the container changes', () => {
    expect(serviceConfigHash({ ...service, environment: { A: '1', B: '3' } })).not.toBe(
      serviceConfigHash(service),
    );
    expect(serviceConfigHash({ ...service, image: 'httpd' })).not.toBe(serviceConfigHash(service));
  });

  it.each([
    ['build', { context: '/app' }],
    ['pull_policy', 'always'],
    ['scale', 3],
    ['depends_on', { db: { condition: 'service_started', required: true } }],
    ['profiles', ['dev']],
  ])('ignores %s', (field, value) => {
    expect(serviceConfigHash({ ...service, [field]: value })).toBe(serviceConfigHash(service));
  });

  it('ignores deploy.replicas but not the rest of deploy', () => {
    expect(serviceConfigHash({ ...service, deploy: { replicas: 3 } })).toBe(
      serviceConfigHash(service),
    );
    expect(serviceConfigHash({ ...service, deploy: { replicas: 3, labels: { a: 'b' } } })).not.toBe(
      serviceConfigHash(service),
    );
  });
});
