// Builds and pushes are left to a later issue: the facade answers them with a
// clear 501, never "page not found", and keeps serving.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { raw, startHarness, type Harness } from './api-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

describe('what the built-in engine does not do yet', () => {
  it('answers POST /build with 501 and a sentence saying what to use instead', async () => {
    const context = Buffer.alloc(64 * 1024, 1);
    const response = await raw(h.socketPath, 'POST', '/v1.41/build?t=app', {
      body: context,
      headers: { 'Content-Type': 'application/x-tar' },
    });
    expect(response.status).toBe(501);
    expect(JSON.parse(response.text).message).toMatch(/does not build images yet.*Docker Engine/);
    expect((await raw(h.socketPath, 'GET', '/_ping')).text).toBe('OK');
  });

  it('answers a push with 501 too', async () => {
    const response = await raw(h.socketPath, 'POST', '/v1.41/images/registry.local/app/push?tag=1');
    expect(response.status).toBe(501);
    expect(JSON.parse(response.text).message).toMatch(/does not push images yet/);
  });
});
