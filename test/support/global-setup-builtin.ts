// vitest globalSetup of the `integration-builtin` project: the same integration
// tests, run against tscompose's built-in engine instead of the Docker Engine
// (issue 8: "tscompose's own integration suite runs against both engines").
// A private daemon is started (test/support/builtin-engine.ts), the offline
// images the tests use are copied into it from the Docker Engine, and
// DOCKER_HOST points every test, and every CLI they run, at it.
import { spawnSync } from 'node:child_process';
import { startBuiltinEngine, type TestBuiltinEngine } from './builtin-engine.js';

let engine: TestBuiltinEngine | undefined;

const IMAGES = ['busybox:latest', 'busybox:1.35'];

export async function setup(): Promise<void> {
  engine = await startBuiltinEngine();
  const present = IMAGES.filter(
    (image) => spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status === 0,
  );
  const saved = spawnSync('docker', ['save', ...present], { maxBuffer: 256 << 20 });
  if (saved.status !== 0) throw new Error(`docker save failed: ${String(saved.stderr)}`);
  const loaded = spawnSync('docker', ['load'], { env: engine.env, input: saved.stdout });
  if (loaded.status !== 0)
    throw new Error(
      `loading images into the built-in engine failed: ${String(loaded.stderr)}\n${engine.log()}`,
    );
  process.env.DOCKER_HOST = engine.env.DOCKER_HOST;
  delete process.env.DOCKER_CONTEXT;
}

export async function teardown(): Promise<void> {
  await engine?.destroy();
}
