// `up -d --wait` through the CLI on the real engine with dependency conditions:
// a healthcheck that always fails is reported once as the root cause, its
// dependent is skipped, and fixing the file converges; a one-shot a service
// waits for with service_completed_successfully exits 0 and the wait succeeds.
import { describe, expect, it } from 'vitest';
import { composeProject, SLEEPER } from '../support/compose-project.js';

const failing = (test: string) => (name: string) => `
name: ${name}
services:
  bad:
    image: busybox:latest
    command: ${SLEEPER}
    healthcheck: { test: ["CMD", "${test}"], interval: 1s, timeout: 1s, retries: 1 }
  app:
    image: busybox:latest
    command: ${SLEEPER}
    depends_on:
      bad: { condition: service_healthy }
`;

const oneShot = (exitCode: number) => (name: string) => `
name: ${name}
services:
  migrate:
    image: busybox:latest
    command: ["sh", "-c", "echo migrating; sleep 1; exit ${exitCode}"]
  web:
    image: busybox:latest
    command: ${SLEEPER}
    depends_on:
      migrate: { condition: service_completed_successfully }
`;

describe('up -d --wait and dependency conditions', () => {
  it('a failing healthcheck fails up --wait, names the root cause once, skips the dependent; the fixed file converges', async () => {
    const project = composeProject('tsc-unhealthy', failing('false'));
    const app = `${project.name}-app-1`;
    const result = project.cli(['up', '-d', '--wait', '--progress', 'plain']);
    expect(result.code, result.stderr).toBe(1);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('error:'));
    expect(errors).toEqual(['error: wait:bad:healthy: bad failed to become healthy']);
    expect(result.stderr).toContain(`Container ${app}  Skipped: bad failed to become healthy\n`);
    expect(result.stderr).toMatch(/^skipped: container:app:1:start$/m);
    expect(result.stderr).not.toContain(`Container ${app}  Started`);
    expect(result.stderr).not.toContain('    at ');
    const states = Object.fromEntries((await project.containers()).map((c) => [c.service, c]));
    expect(states.bad?.state).toBe('running');
    expect(states.bad?.status).toContain('unhealthy');
    expect(states.app?.state ?? 'absent').not.toBe('running');

    project.write(failing('true'));
    const fixed = project.cli(['up', '-d', '--wait', '--progress', 'plain']);
    expect(fixed.code, fixed.stderr).toBe(0);
    const after = await project.containers();
    expect(after.map((c) => [c.service, c.state])).toEqual([
      ['app', 'running'],
      ['bad', 'running'],
    ]);
    expect(after.find((c) => c.service === 'bad')!.status).toContain('(healthy)');
    // Converged: a third up changes nothing.
    const again = project.cli(['up', '-d', '--wait', '--progress', 'plain']);
    expect(again.code, again.stderr).toBe(0);
    expect((await project.containers()).map((c) => c.id)).toEqual(after.map((c) => c.id));
  });

  it('a service_completed_successfully one-shot: up --wait exits 0 with the one-shot exited 0', async () => {
    const project = composeProject('tsc-oneshot', oneShot(0));
    const result = project.cli(['up', '-d', '--wait', '--progress', 'plain']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Service migrate  Exited');
    const containers = await project.containers();
    expect(containers.map((c) => [c.service, c.state])).toEqual([
      ['migrate', 'exited'],
      ['web', 'running'],
    ]);
    expect(containers[0]!.status).toMatch(/^Exited \(0\)/);
  });

  it('a one-shot that exits non-zero fails up --wait and its dependent never starts', async () => {
    const project = composeProject('tsc-oneshot-fail', oneShot(3));
    const result = project.cli(['up', '-d', '--wait', '--progress', 'plain']);
    expect(result.code, result.stderr).toBe(1);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: wait:migrate:completed: .*migrate.*3/);
    expect(result.stderr).toMatch(/^skipped: container:web:1:start$/m);
    const web = (await project.containers()).find((c) => c.service === 'web');
    expect(web?.state ?? 'absent').not.toBe('running');
  });
});
