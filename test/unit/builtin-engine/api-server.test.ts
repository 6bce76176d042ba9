import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { lstat, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer } from '../../../src/builtin-engine/api/index.js';
import { FakeEngineCore } from '../../support/fake-engine-core.js';
import { raw, readAll, startHarness, until, type Harness } from './api-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

describe('system endpoints', () => {
  it('answers _ping for GET and HEAD with the Engine’s headers', async () => {
    expect((await h.docker.ping()).toString()).toBe('OK');
    for (const method of ['GET', 'HEAD']) {
      const res = await raw(h.socketPath, method, '/_ping');
      expect(res.status).toBe(200);
      expect(res.text).toBe(method === 'GET' ? 'OK' : '');
      expect(res.headers).toMatchObject({
        'api-version': '1.41',
        'docker-experimental': 'false',
        ostype: 'linux',
        'cache-control': 'no-cache, no-store, must-revalidate',
        pragma: 'no-cache',
        server: 'tscompose-engine/test (linux)',
      });
    }
  });

  it('serves version and info, with and without a version prefix', async () => {
    expect(await h.docker.version()).toMatchObject({ ApiVersion: '1.41', Os: 'linux' });
    h.core.addContainer({ name: 'one', status: 'running' });
    expect(await h.docker.info()).toMatchObject({ Containers: 1, ContainersRunning: 1 });
    const res = await raw(h.socketPath, 'GET', '/v1.24/version');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['api-version']).toBe('1.41');
  });

  it('refuses a client that is too new with a 400', async () => {
    const res = await raw(h.socketPath, 'GET', '/v1.44/version');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({
      message: 'client version 1.44 is too new. Maximum supported API version is 1.41',
    });
  });
});

describe('Engine-shaped errors', () => {
  it('unknown endpoint and wrong method: 404 page not found', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/v1.41/containers/abc/nothing'],
      ['PUT', '/_ping'],
      ['DELETE', '/version'],
    ] as const) {
      const res = await raw(h.socketPath, method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.text).toBe('{"message":"page not found"}\n');
    }
  });

  it('malformed JSON body: 400 and nothing created', async () => {
    const res = await raw(h.socketPath, 'POST', '/v1.41/containers/create?name=x', {
      body: '{bad',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).message).toMatch(/^invalid JSON in request body: /);
    const empty = await raw(h.socketPath, 'POST', '/containers/create');
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.text).message).toMatch(/config cannot be empty/);
    const array = await raw(h.socketPath, 'POST', '/networks/create', { body: '[1]' });
    expect(array.status).toBe(400);
    expect(h.core.containers.size).toBe(0);
  });

  it('a handler throwing: 500 with its message, logged, and the server keeps serving', async () => {
    h.core.failWith('info', new TypeError('boom in info'));
    const res = await raw(h.socketPath, 'GET', '/info');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toEqual({ message: 'boom in info' });
    expect(h.logged.join('\n')).toMatch(/GET \/info failed: TypeError: boom in info/);
    h.core.failWith('listContainers', 'not even an Error');
    expect((await raw(h.socketPath, 'GET', '/containers/json')).text).toBe(
      '{"message":"not even an Error"}\n',
    );
    expect((await h.docker.ping()).toString()).toBe('OK');
    expect(await h.docker.version()).toMatchObject({ ApiVersion: '1.41' });
  });

  it('bad query values: 400', async () => {
    const c = h.core.addContainer({ name: 'web', status: 'running' });
    const stop = await raw(h.socketPath, 'POST', `/containers/${c.id}/stop?t=soon`);
    expect(stop.status).toBe(400);
    const filters = await raw(h.socketPath, 'GET', '/containers/json?filters=%7Bbad');
    expect(filters.status).toBe(400);
    const wait = await raw(h.socketPath, 'POST', `/containers/${c.id}/wait?condition=later`);
    expect(JSON.parse(wait.text)).toEqual({ message: 'invalid condition: "later"' });
  });
});

describe('containers through dockerode', () => {
  it('lists with all and label filters in both forms', async () => {
    h.core.addContainer({ name: 'a', status: 'running', labels: { app: 'x' } });
    h.core.addContainer({ name: 'b', status: 'exited', labels: { app: 'x' } });
    h.core.addContainer({ name: 'c', status: 'running', labels: { app: 'y' } });
    const running = await h.docker.listContainers();
    expect(running.map((c) => c.Names[0]).sort()).toEqual(['/a', '/c']);
    const labelled = await h.docker.listContainers({ all: true, filters: { label: ['app=x'] } });
    expect(labelled.map((c) => c.Names[0]).sort()).toEqual(['/a', '/b']);
    const mapForm = encodeURIComponent('{"label":{"app=y":true},"status":{"running":true}}');
    const res = await raw(h.socketPath, 'GET', `/containers/json?all=1&filters=${mapForm}`);
    expect(JSON.parse(res.text).map((c: { Names: string[] }) => c.Names[0])).toEqual(['/c']);
    expect(await h.docker.listContainers({ all: true, limit: 1 })).toHaveLength(1);
  });

  it('create 201 and 409 on a taken name; inspect 404 names the container', async () => {
    const res = await raw(h.socketPath, 'POST', '/v1.41/containers/create?name=web', {
      body: JSON.stringify({ Image: 'busybox', Cmd: ['true'], Labels: { k: 'v' } }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(201);
    const { Id } = JSON.parse(res.text) as { Id: string };
    expect((await h.docker.getContainer('web').inspect()).Id).toBe(Id);
    expect((await h.docker.getContainer(Id.slice(0, 8)).inspect()).Config.Labels).toEqual({
      k: 'v',
    });
    await expect(h.docker.createContainer({ name: 'web', Image: 'busybox' })).rejects.toMatchObject(
      { statusCode: 409 },
    );
    const missing = await raw(h.socketPath, 'GET', '/containers/x/json');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ message: 'No such container: x' });
  });

  it('start 204 then 304; stop 204 then 304; kill, restart, rename, remove 204', async () => {
    const c = h.core.addContainer({ name: 'web' });
    const start = () => raw(h.socketPath, 'POST', '/containers/web/start');
    expect((await start()).status).toBe(204);
    expect((await start()).status).toBe(304);
    await expect(h.docker.getContainer('web').start()).rejects.toMatchObject({ statusCode: 304 });
    const stop = () => raw(h.socketPath, 'POST', '/containers/web/stop?t=1');
    expect((await stop()).status).toBe(204);
    expect((await stop()).status).toBe(304);
    expect((await raw(h.socketPath, 'POST', '/containers/web/restart?t=0')).status).toBe(204);
    expect((await raw(h.socketPath, 'POST', '/containers/web/kill?signal=KILL')).status).toBe(204);
    expect(c.exitCode).toBe(137);
    expect((await raw(h.socketPath, 'POST', '/containers/web/rename?name=api')).status).toBe(204);
    expect((await raw(h.socketPath, 'DELETE', '/containers/api?v=1&force=1')).status).toBe(204);
    expect(h.core.containers.size).toBe(0);
  });

  it('wait: headers first, body when the container exits; a missing container is a 404', async () => {
    const c = h.core.addContainer({ name: 'job', status: 'running' });
    const waiting = h.docker.getContainer('job').wait({ condition: 'next-exit' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    h.core.exit(c.id, 3);
    expect(await waiting).toEqual({ StatusCode: 3 });
    expect(await h.docker.getContainer('job').wait()).toEqual({ StatusCode: 3 });
    await expect(h.docker.getContainer('gone').wait()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('wait sends its headers before the container exits; a client leaving ends the wait', async () => {
    const c = h.core.addContainer({ name: 'job', status: 'running' });
    const waiting = request({
      socketPath: h.socketPath,
      method: 'POST',
      path: '/containers/job/wait',
    });
    waiting.end();
    const [res] = (await once(waiting, 'response')) as [IncomingMessage];
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(h.core.listeners(`exit:${c.id}`)).toBe(1);
    h.core.exit(c.id, 4);
    expect(JSON.parse((await readAll(res)).toString())).toEqual({ StatusCode: 4 });

    const c2 = h.core.addContainer({ name: 'job2', status: 'running' });
    const leaving = request({
      socketPath: h.socketPath,
      method: 'POST',
      path: '/containers/job2/wait',
    });
    leaving.on('error', () => undefined);
    leaving.end();
    await once(leaving, 'response');
    expect(h.core.listeners(`exit:${c2.id}`)).toBe(1);
    leaving.destroy();
    await until(() => h.core.listeners(`exit:${c2.id}`) === 0);
  });

  it('top and resize', async () => {
    h.core.addContainer({ name: 'web', status: 'running' });
    expect(await h.docker.getContainer('web').top()).toMatchObject({ Titles: ['PID', 'CMD'] });
    expect((await raw(h.socketPath, 'POST', '/containers/web/resize?h=40&w=120')).status).toBe(200);
  });
});

describe('networks, volumes, images', () => {
  it('answer with the Engine’s status codes', async () => {
    expect((await h.docker.listNetworks()).map((n) => n.Name)).toEqual(['bridge', 'host', 'none']);
    expect((await h.docker.getNetwork('bridge').inspect()).Driver).toBe('bridge');
    const created = await raw(h.socketPath, 'POST', '/networks/create', {
      body: JSON.stringify({ Name: 'app' }),
    });
    expect(created.status).toBe(201);
    h.core.addContainer({ name: 'web' });
    const connect = await raw(h.socketPath, 'POST', '/networks/bridge/connect', {
      body: JSON.stringify({ Container: 'web' }),
    });
    expect(connect.status).toBe(200);
    expect((await raw(h.socketPath, 'DELETE', '/networks/bridge')).status).toBe(204);
    expect((await raw(h.socketPath, 'GET', '/networks/nope')).status).toBe(404);

    const volumes = await h.docker.listVolumes({ filters: { name: ['data'] } });
    expect(volumes.Volumes.map((v) => v.Name)).toEqual(['data']);
    expect(
      (await raw(h.socketPath, 'POST', '/volumes/create', { body: '{"Name":"v"}' })).status,
    ).toBe(201);
    expect((await raw(h.socketPath, 'DELETE', '/volumes/data?force=1')).status).toBe(204);

    expect((await h.docker.listImages())[0]?.RepoTags).toEqual(['busybox:latest']);
    expect((await h.docker.getImage('busybox:latest').inspect()).Os).toBe('linux');
    expect((await raw(h.socketPath, 'GET', '/images/127.0.0.1:5000/a/b:1/json')).text).toBe(
      '{"message":"No such image: 127.0.0.1:5000/a/b:1"}\n',
    );
    expect((await raw(h.socketPath, 'POST', '/images/busybox/tag?repo=x&tag=1')).status).toBe(201);
    expect(await h.docker.getImage('busybox:latest').remove()).toEqual([
      { Untagged: 'busybox:latest' },
    ]);
  });
});

describe('the socket file', () => {
  it('is 0660 in a 0711 directory the server created', async () => {
    expect((await stat(h.socketPath)).mode & 0o777).toBe(0o660);
    expect((await stat(join(h.socketPath, '..'))).mode & 0o777).toBe(0o711);
  });

  it('replaces a stale socket, refuses a live one and a non-socket file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsc-api-sock-'));
    try {
      const path = join(dir, 'engine.sock');
      const other = createServer();
      await new Promise<void>((resolve) => other.listen(path, resolve));
      await expect(startApiServer(new FakeEngineCore(), { socketPath: path })).rejects.toThrow(
        `another server is already listening on ${path}`,
      );
      other.close();
      // A crashed daemon leaves its socket file behind, with nothing answering on it.
      const crashed = spawn(process.execPath, [
        '-e',
        `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`,
      ]);
      await once(crashed.stdout, 'data');
      crashed.kill('SIGKILL');
      await once(crashed, 'exit');
      expect((await lstat(path)).isSocket()).toBe(true);
      await writeFile(join(dir, 'plain'), 'x');
      await expect(
        startApiServer(new FakeEngineCore(), { socketPath: join(dir, 'plain') }),
      ).rejects.toThrow(/exists and is not a socket/);
      const server = await startApiServer(new FakeEngineCore(), { socketPath: path, mode: 0o600 });
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      await server.close();
      await expect(lstat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
