import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BuiltinEngineCore } from '../../../src/builtin-engine/daemon/core.js';
import { EventBus } from '../../../src/builtin-engine/daemon/events/bus.js';
import type { EngineEvent, OutputChunk } from '../../../src/builtin-engine/ports.js';
import { coreOptions, fakeMachinery, type FakeMachinery } from '../../support/fake-machinery.js';

let root: string;
let machinery: FakeMachinery;
let core: BuiltinEngineCore;
let events: EngineEvent[];

const noFilters = new Map<string, string[]>();

async function open(): Promise<BuiltinEngineCore> {
  // Subscribed before open: recovery emits events while the core opens.
  const bus = new EventBus();
  bus.subscribe((event) => events.push(event));
  return BuiltinEngineCore.open({ ...coreOptions(root, machinery), events: bus });
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tscompose-core-'));
  machinery = fakeMachinery(root);
  machinery.images.add('busybox:latest', {
    Cmd: ['sh'],
    Env: ['PATH=/usr/bin:/bin'],
    Labels: { 'org.image': 'yes' },
  });
  events = [];
  core = await open();
});

afterEach(async () => {
  await core.close();
  await rm(root, { recursive: true, force: true });
});

async function collect(output: AsyncIterable<OutputChunk>): Promise<string> {
  let text = '';
  for await (const chunk of output) text += chunk.data.toString();
  return text;
}

function until(predicate: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (predicate()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not reached'));
      else setTimeout(check, 5);
    };
    check();
  });
}

function actions(id: string): string[] {
  return events
    .filter((event) => event.Actor.ID === id && event.Type === 'container')
    .map((e) => e.Action);
}

describe('container lifecycle against fake machinery', () => {
  it('create → start → logs → stop → remove', async () => {
    machinery.runtime.behaviour = () => ({ output: [{ stream: 'stdout', text: 'hello\n' }] });
    const { Id } = await core.createContainer('web', {
      Image: 'busybox',
      Cmd: ['sh', '-c', 'echo hello'],
      Labels: { app: 'web' },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] } },
      ExposedPorts: { '80/tcp': {} },
    });
    expect(Id).toMatch(/^[0-9a-f]{64}$/);
    let inspect = await core.inspectContainer('web');
    expect(inspect.State.Status).toBe('created');
    expect(inspect.State.StartedAt).toBe('0001-01-01T00:00:00Z');
    expect(inspect.Config.Env).toEqual(['PATH=/usr/bin:/bin']);
    expect(inspect.Config.Labels).toEqual({ 'org.image': 'yes', app: 'web' });

    expect(await core.startContainer(Id.slice(0, 8))).toBe('started');
    expect(await core.startContainer('web')).toBe('unchanged');
    inspect = await core.inspectContainer('/web');
    expect(inspect.State).toMatchObject({ Status: 'running', Running: true, ExitCode: 0 });
    expect(inspect.State.Pid).toBeGreaterThan(0);
    const bridge = inspect.NetworkSettings.Networks.bridge;
    expect(bridge?.IPAddress).toMatch(/^172\.\d+\.0\.2$/);
    expect(inspect.NetworkSettings.IPAddress).toBe(bridge?.IPAddress);
    expect(inspect.NetworkSettings.Ports).toEqual({
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
    });
    expect(machinery.ports.bound.get(Id)?.[0]).toMatchObject({
      targetAddress: bridge?.IPAddress,
      targetPort: 80,
    });
    expect(await readFile(inspect.HostsPath, 'utf8')).toContain(
      `${bridge?.IPAddress}\t${Id.slice(0, 12)}`,
    );
    expect(await readFile(inspect.ResolvConfPath, 'utf8')).toBe(`nameserver ${bridge?.Gateway}\n`);
    const spec = machinery.runtime.processes.get(Id)?.spec;
    expect(spec?.args).toEqual(['sh', '-c', 'echo hello']);
    expect(spec?.hostname).toBe(Id.slice(0, 12));
    expect(spec?.mounts.map((m) => m.target)).toEqual([
      '/etc/resolv.conf',
      '/etc/hostname',
      '/etc/hosts',
    ]);

    const list = await core.listContainers({ all: false, size: false, filters: noFilters });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ Names: ['/web'], State: 'running', Image: 'busybox' });
    expect(list[0]?.Status).toMatch(/^Up /);
    expect(list[0]?.Ports).toEqual([
      { IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    ]);

    expect((await core.topContainer('web')).Processes).toEqual([
      ['root', '1001', '1', '0', '10:00', '?', '00:00:00', 'sleep 100'],
    ]);
    const logs = await core.containerLogs(
      'web',
      {
        stdout: true,
        stderr: true,
        follow: false,
        since: 0,
        until: 0,
        tail: 'all',
        timestamps: false,
      },
      new AbortController().signal,
    );
    expect(await collect(logs.output)).toBe('hello\n');

    await expect(
      core.removeContainer('web', { force: false, volumes: false }),
    ).rejects.toMatchObject({
      status: 409,
      message: `You cannot remove a running container ${Id}. Stop the container before attempting removal or force remove`,
    });
    expect(await core.stopContainer('web', {})).toBe('stopped');
    expect(await core.stopContainer('web', {})).toBe('unchanged');
    inspect = await core.inspectContainer('web');
    expect(inspect.State).toMatchObject({
      Status: 'exited',
      Running: false,
      ExitCode: 143,
      Pid: 0,
    });
    expect(inspect.NetworkSettings.Networks.bridge?.IPAddress).toBe('');
    expect(machinery.ports.bound.has(Id)).toBe(false);
    expect(machinery.network.namespaces.size).toBe(0);
    expect(machinery.snapshots.mounted.size).toBe(0);

    await core.removeContainer('web', { force: false, volumes: false });
    await expect(core.inspectContainer('web')).rejects.toMatchObject({
      status: 404,
      message: 'No such container: web',
    });
    expect(actions(Id)).toEqual(['create', 'start', 'kill', 'die', 'stop', 'destroy']);
    const die = events.find((event) => event.Action === 'die');
    expect(die?.Actor.Attributes).toMatchObject({
      exitCode: '143',
      name: 'web',
      image: 'busybox',
      app: 'web',
    });
    expect(events.find((event) => event.Action === 'kill')?.Actor.Attributes.signal).toBe('15');
  });

  it('kills with SIGKILL after the stop timeout', async () => {
    machinery.runtime.behaviour = () => ({ onTerm: null });
    const { Id } = await core.createContainer('stubborn', { Image: 'busybox' });
    await core.startContainer(Id);
    await core.stopContainer(Id, { timeoutSeconds: 0 });
    expect((await core.inspectContainer(Id)).State.ExitCode).toBe(137);
    expect(machinery.runtime.calls).toContain(`kill ${Id} SIGKILL`);
  });

  it('kill with SIGKILL (the default) returns once the exit is recorded; other signals at once', async () => {
    machinery.runtime.behaviour = () => ({ onTerm: null });
    const { Id } = await core.createContainer('killed', { Image: 'busybox' });
    await core.startContainer(Id);
    await core.killContainer(Id, 'SIGTERM');
    expect((await core.inspectContainer(Id)).State.Status).toBe('running');
    await core.killContainer(Id);
    const state = (await core.inspectContainer(Id)).State;
    expect(state).toMatchObject({ Status: 'exited', ExitCode: 137, Running: false });
    expect(machinery.runtime.calls.filter((call) => call.startsWith('kill'))).toEqual([
      `kill ${Id} SIGTERM`,
      `kill ${Id} SIGKILL`,
    ]);
    await expect(core.killContainer(Id)).rejects.toMatchObject({ status: 409 });
  });

  it('records an exit and wakes waiters', async () => {
    machinery.runtime.behaviour = () => ({ exitCode: 3, exitAfterMs: 20 });
    const { Id } = await core.createContainer(undefined, { Image: 'busybox' });
    const waiting = core.waitContainer(Id, 'next-exit', new AbortController().signal);
    await core.startContainer(Id);
    expect(await waiting).toEqual({ StatusCode: 3 });
    const inspect = await core.inspectContainer(Id);
    expect(inspect.State).toMatchObject({ Status: 'exited', ExitCode: 3 });
    expect(inspect.Name).toMatch(/^\/[a-z]+_[a-z]+\d*$/);
    expect(await core.waitContainer(Id, 'not-running', new AbortController().signal)).toEqual({
      StatusCode: 3,
    });
    const [shown] = await core.listContainers({
      all: true,
      size: false,
      filters: new Map([['exited', ['3']]]),
    });
    expect(shown?.Status).toMatch(/^Exited \(3\) (Less than a second|\d+ seconds?) ago$/);
  });

  it('restarts on-failure:2 twice, then leaves it exited', async () => {
    machinery.runtime.behaviour = () => ({ exitCode: 1 });
    const { Id } = await core.createContainer('flaky', {
      Image: 'busybox',
      HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } },
    });
    await core.startContainer(Id);
    await until(() => actions(Id).filter((a) => a === 'die').length === 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const inspect = await core.inspectContainer(Id);
    expect(inspect.RestartCount).toBe(2);
    expect(inspect.State.Status).toBe('exited');
    expect(actions(Id)).toEqual(['create', 'start', 'die', 'start', 'die', 'start', 'die']);
  });

  it('does not restart a container stopped through the API', async () => {
    const { Id } = await core.createContainer('always', {
      Image: 'busybox',
      HostConfig: { RestartPolicy: { Name: 'always' } },
    });
    await core.startContainer(Id);
    await core.stopContainer(Id, {});
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await core.inspectContainer(Id)).State.Status).toBe('exited');
    // but an exit of its own is restarted
    await core.startContainer(Id);
    machinery.runtime.exit(Id, 0);
    await until(() => actions(Id).filter((a) => a === 'start').length === 3);
    expect((await core.inspectContainer(Id)).State.Status).toBe('running');
  });

  it('removes an AutoRemove container after its exit and answers wait(removed)', async () => {
    machinery.runtime.behaviour = () => ({ exitCode: 0, exitAfterMs: 10 });
    const { Id } = await core.createContainer('once', {
      Image: 'busybox',
      Volumes: { '/data': {} },
      HostConfig: { AutoRemove: true },
    });
    const volume = (await core.inspectContainer(Id)).Mounts[0]?.Name ?? '';
    expect(machinery.volumes.volumes.has(volume)).toBe(true);
    const removed = core.waitContainer(Id, 'removed', new AbortController().signal);
    await core.startContainer(Id);
    expect(await removed).toEqual({ StatusCode: 0 });
    await expect(core.inspectContainer(Id)).rejects.toMatchObject({ status: 404 });
    expect(machinery.volumes.volumes.has(volume)).toBe(false);
  });

  it('force-removes a running container and its anonymous volumes with v', async () => {
    const { Id } = await core.createContainer('doomed', {
      Image: 'busybox',
      HostConfig: { Binds: ['named:/named', '/srv/x:/x:ro'] },
      Volumes: { '/anon': {} },
    });
    const mounts = (await core.inspectContainer(Id)).Mounts;
    expect(mounts.map((m) => [m.Type, m.Destination, m.RW])).toEqual([
      ['volume', '/named', true],
      ['bind', '/x', false],
      ['volume', '/anon', true],
    ]);
    await core.startContainer(Id);
    await expect(core.removeVolume('named', { force: false })).rejects.toBeDefined();
    await core.removeContainer(Id, { force: true, volumes: true });
    expect([...machinery.volumes.volumes.keys()]).toEqual(['named']);
    expect(machinery.runtime.calls).toContain(`kill ${Id} SIGKILL`);
  });

  it('runs health checks and emits health_status events', async () => {
    let exitCode = 0;
    machinery.runtime.execHandler = () => ({ exitCode, output: 'probe\n' });
    const { Id } = await core.createContainer('healthy', {
      Image: 'busybox',
      Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 20_000_000, Retries: 2 },
    });
    await core.startContainer(Id);
    expect((await core.inspectContainer(Id)).State.Health?.Status).toBe('starting');
    await until(() => actions(Id).includes('health_status: healthy'));
    const list = await core.listContainers({
      all: false,
      size: false,
      filters: new Map([['health', ['healthy']]]),
    });
    expect(list[0]?.Status).toMatch(/\(healthy\)$/);
    expect(machinery.runtime.calls).toContain(`exec ${Id} /bin/sh -c true`);
    exitCode = 1;
    await until(() => actions(Id).includes('health_status: unhealthy'));
    const health = (await core.inspectContainer(Id)).State.Health;
    expect(health?.FailingStreak).toBeGreaterThanOrEqual(2);
    expect(health?.Log.at(-1)).toMatchObject({ ExitCode: 1, Output: 'probe\n' });
    await core.stopContainer(Id, {});
    const count = machinery.runtime.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(machinery.runtime.calls.length).toBe(count);
  });

  it('recovers containers: exited while down, still running, and restart policies', async () => {
    const ports = { PortBindings: { '80/tcp': [{ HostPort: '' }] } };
    const { Id } = await core.createContainer('survivor', { Image: 'busybox', HostConfig: ports });
    const other = (await core.createContainer('runner', { Image: 'busybox', HostConfig: ports }))
      .Id;
    const policy = (
      await core.createContainer('policy', {
        Image: 'busybox',
        HostConfig: { RestartPolicy: { Name: 'on-failure' } },
      })
    ).Id;
    for (const id of [Id, other, policy]) await core.startContainer(id);
    const portOf = async (id: string) =>
      (await core.inspectContainer(id)).NetworkSettings.Ports['80/tcp']?.[0]?.HostPort;
    const otherPort = await portOf(other);
    const address = (await core.inspectContainer(other)).NetworkSettings.IPAddress;
    await core.close();
    // The daemon is gone: two containers exit, one keeps running; the proxies died with the daemon.
    machinery.runtime.exit(Id, 42);
    machinery.runtime.exit(policy, 1);
    machinery.ports.bound.clear();
    events = [];
    core = await open();
    await until(() => actions(Id).includes('die') && actions(policy).includes('start'));
    expect((await core.inspectContainer(Id)).State).toMatchObject({
      Status: 'exited',
      ExitCode: 42,
    });
    expect(machinery.ports.bound.has(Id)).toBe(false);
    expect(
      machinery.networks.allocations.has(`${[...machinery.networks.networks.keys()][0]}/${Id}`),
    ).toBe(false);
    const running = await core.inspectContainer(other);
    expect(running.State.Status).toBe('running');
    expect(running.NetworkSettings.IPAddress).toBe(address);
    expect(await portOf(other)).toBe(otherPort);
    expect(machinery.ports.bound.get(other)?.[0]).toMatchObject({
      hostPort: Number(otherPort),
      targetAddress: address,
    });
    expect(actions(other)).toEqual([]);
    expect((await core.inspectContainer(policy)).RestartCount).toBe(1);
    await core.stopContainer(other, {});
    expect((await core.inspectContainer(other)).State.ExitCode).toBe(143);
  });

  it('records exit 255 for a container whose exit nobody recorded while down', async () => {
    const { Id } = await core.createContainer('lost', { Image: 'busybox' });
    await core.startContainer(Id);
    await core.close();
    machinery.runtime.processes.delete(Id); // the host restarted: no runc state, no exit file
    core = await open();
    const state = (await core.inspectContainer(Id)).State;
    expect(state).toMatchObject({ Status: 'exited', ExitCode: 255, Running: false });
    expect(state.Error).toContain('recorded no exit');
    expect(machinery.network.namespaces.size).toBe(0);
  });

  it('execs, with exit code and events', async () => {
    machinery.runtime.execHandler = (_id, request) => ({
      exitCode: 7,
      output: `ran ${request.args.join(' ')}`,
    });
    const { Id } = await core.createContainer('box', { Image: 'busybox', Env: ['A=1'] });
    await expect(core.createExec(Id, { Cmd: ['ls'] })).rejects.toMatchObject({ status: 409 });
    await core.startContainer(Id);
    const exec = await core.createExec(Id, {
      Cmd: ['echo', 'hi'],
      AttachStdout: true,
      Env: ['B=2'],
    });
    const session = await core.startExec(
      exec.Id,
      { detach: false, tty: false },
      new AbortController().signal,
    );
    expect(await collect(session.output)).toBe('ran echo hi');
    await session.done;
    await until(() => actions(Id).some((a) => a.startsWith('exec_die')));
    expect(await core.inspectExec(exec.Id)).toMatchObject({
      ExitCode: 7,
      Running: false,
      ContainerID: Id,
      ProcessConfig: { entrypoint: 'echo', arguments: ['hi'], tty: false },
    });
    expect(actions(Id).filter((a) => a.startsWith('exec'))).toEqual([
      'exec_create: echo hi',
      'exec_start: echo hi',
      'exec_die',
    ]);
    await expect(core.inspectExec('nope')).rejects.toMatchObject({
      status: 404,
      message: 'No such exec instance: nope',
    });
    expect((await core.inspectContainer(Id)).ExecIDs).toEqual([exec.Id]);
  });

  it('connects and disconnects networks, with aliases as DNS names', async () => {
    const netId = machinery.networks.add('proj_default');
    const { Id } = await core.createContainer('proj-web-1', {
      Image: 'busybox',
      HostConfig: { NetworkMode: 'proj_default' },
      NetworkingConfig: { EndpointsConfig: { proj_default: { Aliases: ['web'] } } },
    });
    // docker-compose 1.29: disconnect, then connect with the aliases, then start
    await core.disconnectNetwork('proj_default', { Container: Id });
    await core.connectNetwork('proj_default', {
      Container: Id,
      EndpointConfig: { Aliases: ['web', 'www'] },
    });
    await expect(
      core.connectNetwork('proj_default', { Container: Id, EndpointConfig: {} }),
    ).rejects.toMatchObject({ status: 403 });
    await core.startContainer(Id);
    expect(machinery.networks.names.get(`${netId}/${Id}`)?.names).toEqual([
      'proj-web-1',
      'web',
      'www',
      Id.slice(0, 12),
    ]);
    expect(machinery.networks.view?.(netId).map((e) => e.name)).toEqual(['proj-web-1']);
    const entry = (await core.inspectContainer(Id)).NetworkSettings.Networks.proj_default;
    expect(entry?.Aliases).toEqual(['web', 'www', Id.slice(0, 12)]);
    await core.renameContainer(Id, 'renamed');
    expect(machinery.networks.names.get(`${netId}/${Id}`)?.names[0]).toBe('renamed');
    await core.disconnectNetwork(netId, { Container: 'renamed' });
    expect(machinery.network.detached).toEqual([{ namespace: expect.any(String), ifname: 'eth0' }]);
    expect(machinery.networks.names.has(`${netId}/${Id}`)).toBe(false);
  });

  it('pauses, unpauses, kills, with Docker conflicts', async () => {
    const { Id } = await core.createContainer('pp', { Image: 'busybox' });
    await expect(core.pauseContainer(Id)).rejects.toMatchObject({
      status: 409,
      message: `Container ${Id} is not running`,
    });
    await core.startContainer(Id);
    await core.pauseContainer(Id);
    await expect(core.pauseContainer(Id)).rejects.toMatchObject({
      message: `Container ${Id} is already paused`,
    });
    expect(
      (await core.listContainers({ all: false, size: false, filters: noFilters }))[0]?.Status,
    ).toMatch(/\(Paused\)$/);
    await expect(core.removeContainer(Id, { force: false, volumes: false })).rejects.toMatchObject({
      message: expect.stringContaining('You cannot remove a paused container'),
    });
    await core.unpauseContainer(Id);
    await expect(core.unpauseContainer(Id)).rejects.toMatchObject({
      message: `Container ${Id} is not paused`,
    });
    await expect(core.killContainer(Id, 'SIGNOPE')).rejects.toMatchObject({ status: 400 });
    await core.killContainer(Id, 'KILL');
    await until(() => actions(Id).includes('die'));
    expect(actions(Id)).toEqual(['create', 'start', 'pause', 'unpause', 'kill', 'die']);
    const top = core.topContainer(Id);
    await expect(top).rejects.toMatchObject({ status: 409 });
  });

  it('refuses name conflicts, bad bodies and missing images with Docker messages', async () => {
    const { Id } = await core.createContainer('taken', { Image: 'busybox' });
    await expect(core.createContainer('/taken', { Image: 'busybox' })).rejects.toMatchObject({
      status: 409,
      message: `Conflict. The container name "/taken" is already in use by container "${Id}". You have to remove (or rename) that container to be able to reuse that name.`,
    });
    await expect(core.createContainer('xx', { Image: 'missing' })).rejects.toMatchObject({
      status: 404,
      message: 'No such image: missing',
    });
    await expect(
      core.createContainer('xx', {
        Image: 'busybox',
        HostConfig: { RestartPolicy: { Name: 'sometimes' } },
      }),
    ).rejects.toMatchObject({ status: 400, message: "invalid restart policy 'sometimes'" });
    await expect(
      core.createContainer('xx', {
        Image: 'busybox',
        HostConfig: { PortBindings: { '80/tcp': [{ HostPort: 'abc' }] } },
      }),
    ).rejects.toMatchObject({ status: 400, message: 'invalid port specification: "abc"' });
    await expect(core.createContainer('bad name!', { Image: 'busybox' })).rejects.toMatchObject({
      status: 400,
    });
    expect(machinery.runtime.calls).toEqual([]);
  });

  it('keeps a failed start as an error in State and releases what it set up', async () => {
    machinery.runtime.startError = new Error('exec: "nope": executable file not found in $PATH');
    const { Id } = await core.createContainer('broken', { Image: 'busybox', Cmd: ['nope'] });
    await expect(core.startContainer(Id)).rejects.toMatchObject({ status: 400 });
    const inspect = await core.inspectContainer(Id);
    expect(inspect.State).toMatchObject({ Status: 'created', ExitCode: 127 });
    expect(inspect.State.Error).toContain('executable file not found');
    expect(machinery.network.namespaces.size).toBe(0);
    expect(machinery.networks.allocations.size).toBe(0);
    expect(machinery.snapshots.mounted.size).toBe(0);
  });

  it('attaches before start and streams the run, then reports version and info', async () => {
    machinery.runtime.behaviour = () => ({
      output: [{ stream: 'stderr', text: 'err\n' }],
      exitCode: 0,
      exitAfterMs: 20,
    });
    const { Id } = await core.createContainer('attached', { Image: 'busybox' });
    const session = await core.attachContainer(
      Id,
      { stream: true, logs: false, stdin: false, stdout: true, stderr: true },
      new AbortController().signal,
    );
    const text = collect(session.output);
    await core.startContainer(Id);
    expect(await text).toBe('err\n');
    await until(() => actions(Id).includes('die'));
    expect(await core.version()).toMatchObject({
      ApiVersion: '1.41',
      MinAPIVersion: '1.12',
      Os: 'linux',
      Version: '9.9.9',
      Platform: { Name: 'tscompose built-in engine 9.9.9' },
      Components: [
        { Name: 'Engine', Version: '9.9.9', Details: { ApiVersion: '1.41' } },
        { Name: 'tscompose', Version: '9.9.9' },
      ],
    });
    expect(await core.info()).toMatchObject({
      Containers: 1,
      ContainersStopped: 1,
      Images: 1,
      Driver: 'overlay2',
      ServerVersion: '9.9.9',
    });
    await expect(
      core.attachContainer(
        Id,
        { stream: true, logs: false, stdin: true, stdout: true, stderr: true },
        new AbortController().signal,
      ),
    ).resolves.toBeDefined();
    const interactive = (
      await core.createContainer('interactive', { Image: 'busybox', OpenStdin: true })
    ).Id;
    const query = { stream: true, logs: true, stdin: true, stdout: true, stderr: true };
    // stdin through the driver's attach extension, connected once the container runs
    const controller = new AbortController();
    const withStdin = await core.attachContainer(interactive, query, controller.signal);
    await core.startContainer(interactive);
    withStdin.stdin?.write('typed\n');
    await until(() => machinery.runtime.stdinReceived.get(interactive) === 'typed\n');
    controller.abort();
    // a driver without it: a clear 501
    machinery.runtime.attachStdin = undefined;
    await expect(
      core.attachContainer(interactive, query, new AbortController().signal),
    ).rejects.toMatchObject({
      status: 501,
      message: expect.stringContaining("cannot attach to a container's stdin"),
    });
    // logs replay the earlier output of a container attached after its run
    const replay = await core.attachContainer(
      Id,
      { ...query, stdin: false, stream: false },
      new AbortController().signal,
    );
    expect(await collect(replay.output)).toBe('err\n');
    await replay.done;
  });
});
