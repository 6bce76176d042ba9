// The engine this suite runs against does what later tests rely on: it answers, runs the
// offline busybox image, resolves container names on user-defined networks and publishes ports.
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEngineVersion } from '../../src/engine/docker/connection.js';
import {
  busyboxImage,
  cleanupProject,
  dockerClient,
  projectLabels,
  runToCompletion,
  uniqueProjectName,
} from '../support/engine.js';

let docker: Dockerode;
const project = uniqueProjectName('tsc-engine');

beforeAll(async () => {
  docker = await dockerClient();
});
afterAll(async () => {
  await cleanupProject(docker, project);
  const left = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  expect(left).toEqual([]);
});

// httpd as PID 1 ignores SIGTERM; trapping it lets the container stop at once.
const webServerCmd = [
  'sh',
  '-c',
  'mkdir -p /www && echo "hello from $(hostname)" > /www/index.html && trap "exit 0" TERM; httpd -f -p 80 -h /www & wait',
];

async function startWebServer(options: { name: string; networkName?: string; publish?: boolean }) {
  const container = await docker.createContainer({
    name: options.name,
    Image: busyboxImage,
    Cmd: webServerCmd,
    Hostname: 'web',
    Labels: projectLabels(project),
    ExposedPorts: { '80/tcp': {} },
    HostConfig: {
      ...(options.networkName ? { NetworkMode: options.networkName } : {}),
      ...(options.publish
        ? { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } }
        : {}),
    },
  });
  await container.start();
  return container;
}

describe('Docker Engine', () => {
  it('answers and reports its version', async () => {
    const version = await getEngineVersion(process.env);
    expect(version).not.toHaveProperty('error');
    expect(version).toMatchObject({
      version: expect.stringMatching(/^\d+\.\d+/),
      apiVersion: expect.stringMatching(/^1\.\d+$/),
    });
    expect(version).toMatchObject({ os: 'linux' });
  });

  it('runs busybox: echo hi reaches stdout, stderr and the exit code are kept apart', async () => {
    const result = await runToCompletion(docker, {
      project,
      cmd: ['sh', '-c', 'echo hi; echo oops >&2; exit 3'],
    });
    expect(result).toEqual({ exitCode: 3, stdout: 'hi\n', stderr: 'oops\n' });
  });

  it('lets containers on a user-defined bridge network reach each other by name', async () => {
    const networkName = `${project}_default`;
    await docker.createNetwork({
      Name: networkName,
      Driver: 'bridge',
      Labels: projectLabels(project),
    });
    const serverName = `${project}-web-1`;
    const server = await startWebServer({ name: serverName, networkName });

    const probe = await runToCompletion(docker, {
      project,
      networkName,
      // httpd may need a moment after start; retry a few times inside the probe.
      cmd: [
        'sh',
        '-c',
        `ping -c1 -W2 ${serverName} >/dev/null && for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://${serverName}/ && exit 0; sleep 0.3; done; exit 1`,
      ],
    });
    expect(probe).toMatchObject({ exitCode: 0, stdout: 'hello from web\n' });

    const startedStop = Date.now();
    await server.stop({ t: 10 });
    expect(Date.now() - startedStop).toBeLessThan(5000); // TERM was trapped, not waited out
  });

  it('publishes a port on 127.0.0.1 that the host can reach', async () => {
    const server = await startWebServer({ name: `${project}-published-1`, publish: true });
    const info = await server.inspect();
    const binding = info.NetworkSettings.Ports['80/tcp']?.[0];
    expect(binding?.HostIp).toBe('127.0.0.1');
    let body = '';
    for (let attempt = 0; attempt < 20 && body === ''; attempt++) {
      body = await fetch(`http://127.0.0.1:${binding?.HostPort}/`)
        .then((response) => response.text())
        .catch(() => new Promise<string>((resolve) => setTimeout(() => resolve(''), 200)));
    }
    expect(body).toBe('hello from web\n');
  });
});
