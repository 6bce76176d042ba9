// `up --scale` and orphan containers through the CLI on the real engine:
// scaling keeps container 1 and removes the highest numbers first; a service
// dropped from the file is warned about and kept until --remove-orphans.
import { describe, expect, it } from 'vitest';
import { composeProject, SLEEPER } from '../support/compose-project.js';
import { dockerClient } from '../support/engine.js';

const withExtra = (name: string) => `
name: ${name}
services:
  web:
    image: busybox:latest
    command: ${SLEEPER}
  extra:
    image: busybox:latest
    command: ${SLEEPER}
`;
const webOnly = (name: string) => `
name: ${name}
services:
  web:
    image: busybox:latest
    command: ${SLEEPER}
`;

describe('up --scale', () => {
  it('1 -> 3 -> 1 keeps container 1 throughout and removes 2 and 3', async () => {
    const project = composeProject('tsc-scale', webOnly);
    const web = (n: number) => `${project.name}-web-${n}`;
    const up = (...args: string[]) => {
      const result = project.cli(['up', '-d', '--progress', 'plain', ...args]);
      expect(result.code, result.stderr).toBe(0);
      return result;
    };
    const idsByName = async () =>
      Object.fromEntries((await project.containers()).map((c) => [c.name, c.id]));

    up();
    const first = (await idsByName())[web(1)];
    expect(first).toBeDefined();

    up('--scale', 'web=3');
    const three = await project.containers();
    expect(three.map((c) => [c.name, c.number, c.state])).toEqual([
      [web(1), '1', 'running'],
      [web(2), '2', 'running'],
      [web(3), '3', 'running'],
    ]);
    expect(three[0]!.id).toBe(first);

    const down = up('--scale', 'web=1');
    expect(await idsByName()).toEqual({ [web(1)]: first });
    expect(down.stderr).toContain(`Container ${web(3)}  Removed`);
    expect(down.stderr).toContain(`Container ${web(2)}  Removed`);
    expect(down.stderr).not.toContain(`Container ${web(1)}  `);

    // Without --scale the file's scale (1) holds: nothing to do.
    const again = up();
    expect(again.stderr).toBe('');
    expect(await idsByName()).toEqual({ [web(1)]: first });
  });
});

describe('orphans', () => {
  it('up warns about a service removed from the file and keeps it; --remove-orphans removes it', async () => {
    const project = composeProject('tsc-orphan', withExtra);
    const extra = `${project.name}-extra-1`;
    expect(project.cli(['up', '-d', '--progress', 'quiet']).code).toBe(0);
    project.write(webOnly);

    const warned = project.cli(['up', '-d', '--progress', 'plain']);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toContain(`Found orphan containers (${extra}) for this project`);
    expect(warned.stderr).toContain('--remove-orphans');
    expect(warned.stderr.match(/Found orphan containers/g)).toHaveLength(1);
    const kept = await project.containers();
    expect(kept.map((c) => [c.name, c.state])).toEqual([
      [extra, 'running'],
      [`${project.name}-web-1`, 'running'],
    ]);

    const removed = project.cli(['up', '-d', '--remove-orphans', '--progress', 'plain']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toContain(`Container ${extra}  Removed`);
    expect(removed.stderr).not.toContain('Found orphan containers');
    expect((await project.containers()).map((c) => c.name)).toEqual([`${project.name}-web-1`]);
    // The service that stayed was not touched.
    expect(kept.find((c) => c.service === 'web')!.id).toBe((await project.containers())[0]!.id);
  });

  it('down keeps an orphan and the network it still uses (a warning, not a failure); --remove-orphans removes both', async () => {
    const project = composeProject('tsc-orphan-down', withExtra);
    const extra = `${project.name}-extra-1`;
    const network = `${project.name}_default`;
    expect(project.cli(['up', '-d', '--progress', 'quiet']).code).toBe(0);
    project.write(webOnly);

    const plain = project.cli(['down', '-t', '0', '--progress', 'plain']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain(`Found orphan containers (${extra})`);
    expect(plain.stderr).toContain(`network ${network} is still in use by ${extra}: not removed`);
    expect(plain.stderr).not.toContain('error:');
    expect((await project.containers()).map((c) => c.name)).toEqual([extra]);
    const networks = await (
      await dockerClient()
    ).listNetworks({
      filters: JSON.stringify({ name: [network] }),
    });
    expect(networks.map((n) => n.Name)).toEqual([network]);

    const all = project.cli(['down', '-t', '0', '--remove-orphans', '--progress', 'plain']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toContain(`Container ${extra}  Removed`);
    expect(all.stderr).toContain(`Network ${project.name}_default  Removed`);
    expect(await project.containers()).toEqual([]);
  });
});
