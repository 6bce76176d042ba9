// `images` (table, json, -q, services) and `down --rmi local|all` on the real engine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeProject, SLEEPER, type ComposeProject } from '../support/compose-project.js';
import { busyboxImage, dockerClient } from '../support/engine.js';
import { imageIdOf, removeImages, removeProjectImages } from '../support/images.js';

const created: { project: ComposeProject; references: string[] }[] = [];
afterEach(async () => {
  for (const { project, references } of created.splice(0)) {
    await project.cleanup();
    await removeProjectImages(project.name);
    await removeImages(references);
  }
});

function builtAndPulled(): ComposeProject {
  const project = composeProject('tsc-images', (name) =>
    [
      `name: ${name}`,
      'services:',
      '  app:',
      '    build: ./ctx',
      '  db:',
      `    image: ${busyboxImage}`,
      `    command: ${SLEEPER}`,
      '',
    ].join('\n'),
  );
  created.push({ project, references: [] });
  mkdirSync(join(project.dir, 'ctx'));
  writeFileSync(
    join(project.dir, 'ctx/Dockerfile'),
    `FROM busybox:latest\nCMD ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]\n`,
  );
  return project;
}

describe('images', () => {
  it('lists the images of the containers as a table, json and ids; down --rmi local removes only the built one', async () => {
    const p = builtAndPulled();
    expect(p.cli(['up', '-d']).code).toBe(0);
    const builtId = (await imageIdOf(`${p.name}-app`))!;
    const busyboxId = (await imageIdOf(busyboxImage))!;

    const table = p.cli(['images']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^CONTAINER\s+REPOSITORY\s+TAG\s+PLATFORM\s+IMAGE ID\s+SIZE\s+CREATED$/,
    );
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/).slice(0, 5))).toEqual([
      [`${p.name}-app-1`, `${p.name}-app`, 'latest', 'linux/amd64', builtId.slice(7, 19)],
      [`${p.name}-db-1`, 'busybox', 'latest', 'linux/amd64', busyboxId.slice(7, 19)],
    ]);
    expect(lines[1]).toMatch(/\d+(\.\d+)?[kMG]?B\s+\d+ (second|minute)s? ago$/);

    const json = JSON.parse(p.cli(['images', '--format', 'json']).stdout) as Record<
      string,
      unknown
    >[];
    expect(json).toHaveLength(2);
    expect(json[0]).toMatchObject({
      ID: builtId,
      ContainerName: `${p.name}-app-1`,
      Repository: `${p.name}-app`,
      Tag: 'latest',
    });
    expect(typeof json[0]!['Size']).toBe('number');

    expect(p.cli(['images', '-q']).stdout).toBe(`${builtId.slice(7)}\n${busyboxId.slice(7)}\n`);
    expect(p.cli(['images', 'db', '-q']).stdout).toBe(`${busyboxId.slice(7)}\n`);

    const down = p.cli(['down', '--rmi', 'local', '--progress', 'plain']);
    expect(down.code).toBe(0);
    expect(down.stderr).toContain(`Image ${p.name}-app  Removed`);
    expect(await imageIdOf(`${p.name}-app`)).toBeUndefined();
    expect(await imageIdOf(busyboxImage)).toBe(busyboxId);
    expect(await p.containers()).toEqual([]);
    expect(p.cli(['images', '-q']).stdout).toBe('');
  });

  it('down --rmi all also removes the images named by image:', async () => {
    const project = composeProject('tsc-images', (name) =>
      [
        `name: ${name}`,
        'services:',
        '  web:',
        `    image: tsc-images-test/${name}:1`,
        `    command: ${SLEEPER}`,
        '',
      ].join('\n'),
    );
    const reference = `tsc-images-test/${project.name}:1`;
    created.push({ project, references: [reference] });
    const docker = await dockerClient();
    await docker.getImage(busyboxImage).tag({ repo: `tsc-images-test/${project.name}`, tag: '1' });
    expect(project.cli(['up', '-d']).code).toBe(0);
    const down = project.cli(['down', '--rmi', 'all', '--progress', 'plain']);
    expect(down.code).toBe(0);
    expect(down.stderr).toContain(`Image ${reference}  Removed`);
    expect(await imageIdOf(reference)).toBeUndefined();
    expect(await imageIdOf(busyboxImage)).toBeDefined();
  });
});
