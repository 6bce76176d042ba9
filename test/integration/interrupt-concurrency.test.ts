// Ctrl-C during `up -d` and two `up -d` at once, through spawned CLI processes
// on the real engine: an interrupted run exits 130 and leaves a state the next
// `up` repairs (one container per service, no temporary names, all running);
// concurrent runs on one project create no duplicates.
import { describe, expect, it } from 'vitest';
import { composeProject, type ComposeProject } from '../support/compose-project.js';
import { dockerClient } from '../support/engine.js';

// a <- b <- c, each healthy two seconds after it starts: slow enough to interrupt.
const chain = (marker: string) => (name: string) => {
  const service = (dependsOn?: string) => `
    image: busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 2; touch /ready; sleep 3600 & wait"]
    environment: { MARKER: "${marker}" }
    healthcheck: { test: ["CMD", "test", "-f", "/ready"], interval: 1s, timeout: 1s, retries: 30 }${
      dependsOn ? `\n    depends_on: { ${dependsOn}: { condition: service_healthy } }` : ''
    }`;
  return `
name: ${name}
services:
  a:${service()}
  b:${service('a')}
  c:${service('b')}
`;
};

/** A temporary container name of a recreate: `<12 hex of the old id>_<name>`. */
const TEMP_NAME = /^[0-9a-f]{12}_/;

/** One running container per service, none temp-named, each with the file's MARKER, and nothing left to plan. */
async function expectConverged(project: ComposeProject, marker: string): Promise<void> {
  const containers = await project.containers();
  expect(containers.map((c) => c.name)).toEqual(
    ['a', 'b', 'c'].map((s) => `${project.name}-${s}-1`),
  );
  expect(containers.filter((c) => TEMP_NAME.test(c.name))).toEqual([]);
  expect(containers.map((c) => c.state)).toEqual(['running', 'running', 'running']);
  const docker = await dockerClient();
  for (const container of containers) {
    const info = await docker.getContainer(container.id).inspect();
    expect(info.Config.Env).toContain(`MARKER=${marker}`);
  }
  const plan = project.cli(['plan']);
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
}

describe('Ctrl-C during up -d', () => {
  it('on a fresh project: exits 130, starts nothing more, and the next up completes it', async () => {
    const project = composeProject('tsc-int', chain('one'));
    const run = project.spawn(['up', '-d', '--progress', 'plain']);
    await run.waitForOutput('Service a  Waiting');
    run.signal('SIGINT');
    const interrupted = await run.exited;
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toContain('Interrupted');
    expect(interrupted.stderr).not.toContain(`Container ${project.name}-c-1  Started`);
    const left = await project.containers();
    expect(left.find((c) => c.service === 'c')?.state ?? 'absent').not.toBe('running');

    const again = project.cli(['up', '-d', '--wait', '--progress', 'plain']);
    expect(again.code, again.stderr).toBe(0);
    await expectConverged(project, 'one');
  });

  it('in the middle of recreates: no temporary-named container is left, the next up converges', async () => {
    const project = composeProject('tsc-int-re', chain('one'));
    expect(project.cli(['up', '-d', '--wait', '--progress', 'quiet']).code).toBe(0);
    const before = await project.containers();
    project.write(chain('two'));

    const run = project.spawn(['up', '-d', '--progress', 'plain']);
    await run.waitForOutput(`Container ${project.name}-a-1  Recreate`);
    run.signal('SIGINT');
    const interrupted = await run.exited;
    expect(interrupted.code, interrupted.stderr).toBe(130);
    const left = await project.containers();
    expect(left.filter((c) => TEMP_NAME.test(c.name))).toEqual([]);
    expect(left.filter((c) => c.service === 'a')).toHaveLength(1);

    const again = project.cli(['up', '-d', '--wait', '--progress', 'plain']);
    expect(again.code, again.stderr).toBe(0);
    await expectConverged(project, 'two');
    const after = await project.containers();
    // Every service was recreated (its environment changed), once.
    for (const [index, container] of after.entries())
      expect(container.id).not.toBe(before[index]!.id);
    const second = project.cli(['up', '-d', '--progress', 'plain']);
    expect(second.code, second.stderr).toBe(0);
    expect((await project.containers()).map((c) => c.id)).toEqual(after.map((c) => c.id));
  });
});

describe('concurrent up -d on one project', () => {
  it('both exit 0 and there is exactly one container per service', async () => {
    const project = composeProject('tsc-concurrent', chain('one'));
    const first = project.spawn(['up', '-d', '--progress', 'plain']);
    const second = project.spawn(['up', '-d', '--progress', 'plain']);
    const results = await Promise.all([first.exited, second.exited]);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const containers = await project.containers();
    expect(containers.map((c) => c.name)).toEqual(
      ['a', 'b', 'c'].map((s) => `${project.name}-${s}-1`),
    );
    expect(containers.map((c) => c.state)).toEqual(['running', 'running', 'running']);
    // Exactly one of the two created them; the other found nothing to do.
    const creators = results.filter((r) =>
      r.stderr.includes(`Container ${project.name}-a-1  Created`),
    );
    expect(creators).toHaveLength(1);
  });
});
