// Which engine a command talks to, as far as it can be told without side effects
// (endpointInUse; chooseEndpoint adds starting the built-in engine).
import { describe, expect, it } from 'vitest';
import { endpointInUse, engineChoice } from '../../../src/engine/choose.js';

describe('endpointInUse', () => {
  it('is the built-in engine’s socket when that is the choice, wherever DOCKER_HOST points', () => {
    expect(
      endpointInUse({
        TSCOMPOSE_ENGINE: 'builtin',
        TSCOMPOSE_ENGINE_SOCKET: '/x/engine.sock',
        DOCKER_HOST: 'unix:///elsewhere.sock',
      }),
    ).toEqual({ kind: 'unix', socketPath: '/x/engine.sock', source: 'built-in engine' });
  });

  it('is where DOCKER_HOST points when the choice is docker or auto', () => {
    for (const choice of ['docker', 'auto'])
      expect(
        endpointInUse({ TSCOMPOSE_ENGINE: choice, DOCKER_HOST: 'unix:///y/docker.sock' }),
      ).toMatchObject({ kind: 'unix', socketPath: '/y/docker.sock', source: 'DOCKER_HOST' });
  });

  it('refuses an unknown choice with a sentence naming the accepted ones', () => {
    expect(() => endpointInUse({ TSCOMPOSE_ENGINE: 'podman' })).toThrow(
      /expected docker, builtin or auto/,
    );
    expect(engineChoice({})).toBe('auto');
  });
});
