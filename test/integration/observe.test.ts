// observeProject on a project whose resources were created out of band, through the
// API, with Docker Compose's labels: the snapshot is typed and complete.
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine/index.js';
import { observeProject } from '../../src/engine/observe.js';
import { Label, type Engine } from '../../src/engine/types.js';
import { loadProject } from '../../src/spec/load.js';
import {
  busyboxImage,
  cleanupProject,
  dockerClient,
  uniqueProjectName,
} from '../support/engine.js';
import { tempProject } from '../support/temp-project.js';

const project = uniqueProjectName('tsc-observe');
const externalNetwork = `${project}-ext`;
let docker: Dockerode;
let engine: Engine;

beforeAll(async () => {
  docker = await dockerClient();
  engine = await openEngine(process.env);
});
afterAll(async () => {
  await cleanupProject(docker, project);
  await docker
    .getNetwork(externalNetwork)
    .remove()
    .catch(() => undefined);
});

const composeFile = `
name: ${project}
services:
  web:
    image: ${busyboxImage}
    networks: [default, ext]
    volumes: [data:/data]
  job:
    build: ./job
networks:
  ext:
    name: ${externalNetwork}
    external: true
volumes:
  data: {}
`;

function serviceLabels(service: string, number: number, extra: Record<string, string> = {}) {
  return {
    [Label.project]: project,
    [Label.service]: service,
    [Label.containerNumber]: String(number),
    [Label.oneoff]: 'False',
    [Label.configHash]: `hash-${service}-${number}`,
    [Label.image]: 'sha256:recorded',
    ...extra,
  };
}

describe('observeProject (real engine)', () => {
  it('returns the containers, networks, volumes and images of a project created out of band', async () => {
    const dir = tempProject({ 'compose.yaml': composeFile, 'job/Dockerfile': 'FROM busybox\n' });
    const { project: model } = await loadProject({ cwd: dir, env: {} });
    expect(model.name).toBe(project);

    // Everything Docker Compose would have created, made here through the API.
    await docker.createNetwork({
      Name: `${project}_default`,
      Labels: { [Label.project]: project, [Label.network]: 'default' },
    });
    await docker.createNetwork({ Name: externalNetwork, Labels: {} });
    await docker.createVolume({
      Name: `${project}_data`,
      Labels: { [Label.project]: project, [Label.volume]: 'data' },
    });
    const cmd = ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"];
    const running = await docker.createContainer({
      name: `${project}-web-2`,
      Image: busyboxImage,
      Cmd: cmd,
      Labels: serviceLabels('web', 2),
      HostConfig: {
        NetworkMode: `${project}_default`,
        Mounts: [{ Type: 'volume', Source: `${project}_data`, Target: '/data' }],
      },
    });
    await running.start();
    await docker.createContainer({
      name: `${project}-web-1`,
      Image: busyboxImage,
      Cmd: cmd,
      Labels: serviceLabels('web', 1),
    });
    await docker.createContainer({
      name: `${project}-web-run-abc`,
      Image: busyboxImage,
      Cmd: cmd,
      Labels: serviceLabels('web', 1, { [Label.oneoff]: 'True' }),
    });

    const state = await observeProject(engine, model);
    expect(state.project).toBe(project);
    expect(state.containers.map((c) => [c.name, c.service, c.number, c.oneoff, c.state])).toEqual([
      [`${project}-web-1`, 'web', 1, false, 'created'],
      [`${project}-web-2`, 'web', 2, false, 'running'],
      [`${project}-web-run-abc`, 'web', 1, true, 'created'],
    ]);
    const web2 = state.containers[1]!;
    expect(web2).toMatchObject({
      id: running.id,
      configHash: 'hash-web-2',
      imageLabel: 'sha256:recorded',
      health: 'none',
      networks: [`${project}_default`],
      volumes: [`${project}_data`],
    });
    expect(web2.imageId).toMatch(/^sha256:/);

    expect(Object.keys(state.networks)).toEqual([`${project}_default`, externalNetwork].sort());
    expect(state.networks[externalNetwork]?.labels).toEqual({});
    expect(Object.keys(state.volumes)).toEqual([`${project}_data`]);
    // busybox is present; the build-only service's default image is not.
    expect(Object.keys(state.images)).toEqual([busyboxImage]);
    expect(state.images[busyboxImage]?.id).toMatch(/^sha256:/);
  });
});
