import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import type { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStdcopy } from '../../../src/builtin-engine/api/index.js';
import { raw, readAll, startHarness, until, type Harness } from './api-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const frames = (bytes: Buffer) => parseStdcopy(bytes).map((c) => `${c.stream}:${c.data}`);

describe('logs', () => {
  it('frames stdout and stderr in the order they were written, tail and stream choice applied', async () => {
    const c = h.core.addContainer({ name: 'web', status: 'exited' });
    h.core.log(c.id, 'stdout', 'one\n');
    h.core.log(c.id, 'stderr', 'two\n');
    h.core.log(c.id, 'stdout', 'three\n');
    const res = await raw(h.socketPath, 'GET', '/v1.41/containers/web/logs?stdout=1&stderr=1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.docker.multiplexed-stream');
    expect(frames(res.body)).toEqual(['stdout:one\n', 'stderr:two\n', 'stdout:three\n']);
    const tail = await raw(h.socketPath, 'GET', '/containers/web/logs?stdout=1&stderr=1&tail=2');
    expect(frames(tail.body)).toEqual(['stderr:two\n', 'stdout:three\n']);
    const errOnly = await raw(h.socketPath, 'GET', '/containers/web/logs?stderr=true');
    expect(frames(errOnly.body)).toEqual(['stderr:two\n']);
    const stamped = await raw(h.socketPath, 'GET', '/containers/web/logs?stdout=1&timestamps=1');
    expect(frames(stamped.body)[0]).toMatch(/^stdout:\d{4}-\d\d-\d\dT[\d:.]+Z one\n$/);
    const none = await raw(h.socketPath, 'GET', '/containers/web/logs');
    expect(none.status).toBe(400);
  });

  it('with a TTY the bytes are raw', async () => {
    const c = h.core.addContainer({ name: 'tty', status: 'exited', tty: true });
    h.core.log(c.id, 'stdout', 'a\r\n');
    h.core.log(c.id, 'stdout', 'b\r\n');
    const res = await raw(h.socketPath, 'GET', '/containers/tty/logs?stdout=1&stderr=1');
    expect(res.headers['content-type']).toBe('application/vnd.docker.raw-stream');
    expect(res.text).toBe('a\r\nb\r\n');
  });

  it('follow streams new output through dockerode until the container exits', async () => {
    const c = h.core.addContainer({ name: 'web', status: 'running' });
    h.core.log(c.id, 'stdout', 'before\n');
    const stream = await h.docker
      .getContainer('web')
      .logs({ follow: true, stdout: true, stderr: true });
    const out = new PassThrough();
    const err = new PassThrough();
    h.docker.modem.demuxStream(stream, out, err);
    const outText: string[] = [];
    const errText: string[] = [];
    out.on('data', (d: Buffer) => outText.push(d.toString()));
    err.on('data', (d: Buffer) => errText.push(d.toString()));
    await until(() => outText.length === 1);
    h.core.log(c.id, 'stderr', 'oops\n');
    h.core.log(c.id, 'stdout', 'after\n');
    await until(() => outText.length === 2 && errText.length === 1);
    h.core.exit(c.id, 0);
    await readAll(stream);
    expect(outText).toEqual(['before\n', 'after\n']);
    expect(errText).toEqual(['oops\n']);
  });

  it('a 404 before any output for a missing container', async () => {
    const res = await raw(h.socketPath, 'GET', '/containers/nope/logs?stdout=1');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toEqual({ message: 'No such container: nope' });
  });
});

describe('exec', () => {
  it('hijacked: 101, stdin round trip, half-close ends stdin, exit code in inspect', async () => {
    h.core.addContainer({ name: 'web', status: 'running' });
    const exec = await h.docker.getContainer('web').exec({
      Cmd: ['cat', 'exit=7'],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
    const socket = (await exec.start({ hijack: true, stdin: true })) as Duplex;
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.write('hello ');
    socket.write('world\n');
    const stdout = () =>
      parseStdcopy(Buffer.concat(received))
        .filter((c) => c.stream === 'stdout')
        .map((c) => c.data.toString())
        .join('');
    await until(() => stdout() === 'hello world\n');
    expect((await exec.inspect()).Running).toBe(true);
    socket.end(); // stdin EOF
    await new Promise((resolve) => socket.once('close', resolve));
    const output = frames(Buffer.concat(received));
    expect(output[0]).toBe('stderr:exec cat exit=7\n');
    expect(stdout()).toBe('hello world\n');
    expect(await exec.inspect()).toMatchObject({ Running: false, ExitCode: 7 });
  });

  it('sends the Engine’s upgrade answer and keeps the body out of stdin', async () => {
    const c = h.core.addContainer({ name: 'web', status: 'running' });
    const { Id } = await h.core.createExec(c.id, { Cmd: ['cat'], AttachStdin: true });
    const socket = connect(h.socketPath);
    const body = JSON.stringify({ Detach: false, Tty: true });
    socket.write(
      `POST /v1.41/exec/${Id}/start HTTP/1.1\r\nHost: api\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}typed`,
    );
    socket.end();
    const answer = (await readAll(socket)).toString();
    const [head = '', rest] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual(
      expect.arrayContaining([
        'HTTP/1.1 101 UPGRADED',
        'Content-Type: application/vnd.docker.raw-stream',
        'Connection: Upgrade',
        'Upgrade: tcp',
        'Api-Version: 1.41',
      ]),
    );
    expect(rest).toBe('exec cat\ntyped');
  });

  it('without the upgrade: 200 and the framed output as the body', async () => {
    h.core.addContainer({ name: 'web', status: 'running' });
    const exec = await h.docker.getContainer('web').exec({ Cmd: ['echo', 'hi'] });
    const stream = await exec.start({});
    expect(frames(await readAll(stream))).toEqual(['stderr:exec echo hi\n', 'stdout:hi\n']);
    expect((await exec.inspect()).ExitCode).toBe(0);
  });

  it('detached: 200 at once; errors before the hijack stay HTTP errors', async () => {
    h.core.addContainer({ name: 'web', status: 'running' });
    const exec = await h.docker.getContainer('web').exec({ Cmd: ['echo', 'exit=2'] });
    const res = await raw(h.socketPath, 'POST', `/exec/${exec.id}/start`, {
      body: '{"Detach":true}',
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await until(() => h.core.execs.get(exec.id as string)?.exitCode === 2);
    const missing = await raw(h.socketPath, 'POST', '/exec/nope/start', {
      body: '{}',
      headers: { Connection: 'Upgrade', Upgrade: 'tcp' },
    });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ message: 'No such exec instance: nope' });
    h.core.addContainer({ name: 'off' });
    await expect(h.docker.getContainer('off').exec({ Cmd: ['true'] })).rejects.toMatchObject({
      statusCode: 409,
    });
  });
});

describe('attach', () => {
  it('hijacked: output framed, stdin delivered, connection closed when the container exits', async () => {
    const c = h.core.addContainer({ name: 'app', status: 'running', openStdin: true });
    const socket = (await h.docker.getContainer('app').attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as Duplex;
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    h.core.log(c.id, 'stderr', 'warn\n');
    socket.write('typed\n');
    await until(() => frames(Buffer.concat(received)).length === 2);
    h.core.exit(c.id, 0);
    await new Promise((resolve) => socket.once('close', resolve));
    expect(frames(Buffer.concat(received))).toEqual(['stderr:warn\n', 'stdout:typed\n']);
  });
});

describe('JSON-line streams', () => {
  it('events: past events since a time, then live ones, until the client leaves', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    h.core.addContainer({ name: 'old' });
    await h.docker.createContainer({ name: 'first', Image: 'busybox' });
    const controller = new AbortController();
    const stream = await h.docker.getEvents({ since, abortSignal: controller.signal });
    const lines: Array<{ Action: string; Actor: { Attributes: { name: string } } }> = [];
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts) lines.push(JSON.parse(part));
    });
    stream.on('error', () => undefined);
    await until(() => lines.length === 1);
    await h.docker.getContainer('first').start();
    await until(() => lines.length === 2);
    expect(lines.map((l) => `${l.Action} ${l.Actor.Attributes.name}`)).toEqual([
      'create first',
      'start first',
    ]);
    controller.abort();
    // Leaving ends the core's event follower.
    await until(() => h.core.listeners('event') === 0);
  });

  it('pull: progress lines with CRLF, X-Registry-Auth decoded, early errors keep their status', async () => {
    const auth = Buffer.from(JSON.stringify({ username: 'u', password: 'p' })).toString(
      'base64url',
    );
    const res = await raw(h.socketPath, 'POST', '/images/create?fromImage=busybox&tag=1.36', {
      headers: { 'X-Registry-Auth': auth },
    });
    expect(res.status).toBe(200);
    const lines = res.text
      .split('\r\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toEqual({ status: 'Status: Downloaded newer image for busybox:1.36' });
    expect(h.core.pulls[0]).toEqual({
      fromImage: 'busybox',
      tag: '1.36',
      auth: { username: 'u', password: 'p' },
    });
    const missing = await raw(h.socketPath, 'POST', '/images/create?fromImage=missing');
    expect(missing.status).toBe(404);
    const broken = await raw(h.socketPath, 'POST', '/images/create?fromImage=broken');
    expect(broken.status).toBe(200);
    expect(
      broken.text
        .split('\r\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))[1],
    ).toEqual({
      errorDetail: { message: 'unexpected EOF' },
      error: 'unexpected EOF',
    });
    const stream = await h.docker.pull('busybox:latest');
    const events = await new Promise((resolve, reject) =>
      h.docker.modem.followProgress(stream, (error, output) =>
        error ? reject(error) : resolve(output),
      ),
    );
    expect(events).toHaveLength(4);
  });

  it('load and import read the body and stream the result', async () => {
    const load = await raw(h.socketPath, 'POST', '/images/load?quiet=1', {
      body: Buffer.alloc(1234),
    });
    expect(JSON.parse(load.text)).toEqual({ stream: 'Loaded image: fake:1234\n' });
    const imported = await raw(h.socketPath, 'POST', '/images/create?fromSrc=-&repo=r&tag=t', {
      body: Buffer.alloc(16),
    });
    expect(imported.status).toBe(200);
    expect(JSON.parse(imported.text).aux).toEqual({ repo: 'r' });
    const url = await raw(h.socketPath, 'POST', '/images/create?fromSrc=http://x/y.tar');
    expect(url.status).toBe(501);
  });
});

describe('close()', () => {
  it('ends streaming and hijacked connections', async () => {
    h.core.addContainer({ name: 'web', status: 'running' });
    const events = await h.docker.getEvents();
    events.on('error', () => undefined);
    const exec = await h.docker.getContainer('web').exec({ Cmd: ['cat'], AttachStdin: true });
    const socket = (await exec.start({ hijack: true, stdin: true })) as Duplex;
    socket.on('error', () => undefined);
    socket.resume();
    const closed = Promise.all([
      new Promise((resolve) => events.once('close', resolve)),
      new Promise((resolve) => socket.once('close', resolve)),
    ]);
    await h.server.close();
    await closed;
  });
});
