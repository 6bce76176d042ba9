/** Engine-shaped JSON for FakeEngineCore (fields the docker CLI and dockerode read). */
import type Dockerode from 'dockerode';
import type { FakeContainer, FakeExec } from './fake-engine-core.js';

const IMAGE_ID = `sha256:${'1'.repeat(64)}`;
const now = () => new Date().toISOString();

export function versionShape(): Record<string, unknown> {
  return {
    Platform: { Name: 'tscompose engine (fake core)' },
    Components: [{ Name: 'Engine', Version: '0.1.0', Details: { ApiVersion: '1.41' } }],
    Version: '0.1.0',
    ApiVersion: '1.41',
    MinAPIVersion: '1.12',
    GitCommit: 'fake',
    GoVersion: 'n/a',
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: '6.0',
    BuildTime: '2026-01-01T00:00:00Z',
  };
}

export function infoShape(containers: readonly FakeContainer[]): Record<string, unknown> {
  return {
    ID: 'fake',
    Name: 'fake-host',
    ServerVersion: '0.1.0',
    OSType: 'linux',
    OperatingSystem: 'Fake',
    Architecture: 'x86_64',
    NCPU: 2,
    MemTotal: 1 << 30,
    Driver: 'overlay',
    Containers: containers.length,
    ContainersRunning: containers.filter((c) => c.status === 'running').length,
    Images: 1,
  };
}

export function containerSummary(c: FakeContainer): Dockerode.ContainerInfo {
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: c.image,
    ImageID: IMAGE_ID,
    Command: c.cmd.join(' '),
    Created: c.created,
    Ports: [],
    Labels: c.labels,
    State: c.status,
    Status: c.status === 'running' ? 'Up 1 second' : `Exited (${c.exitCode}) 1 second ago`,
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
}

export function containerInspect(c: FakeContainer): Dockerode.ContainerInspectInfo {
  const running = c.status === 'running';
  const shape = {
    Id: c.id,
    Created: new Date(c.created * 1000).toISOString(),
    Path: c.cmd[0] ?? '',
    Args: c.cmd.slice(1),
    State: {
      Status: c.status,
      Running: running,
      Paused: c.status === 'paused',
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: running ? 4242 : 0,
      ExitCode: c.exitCode,
      Error: '',
      StartedAt: now(),
      FinishedAt: now(),
    },
    Image: IMAGE_ID,
    Name: `/${c.name}`,
    RestartCount: 0,
    Driver: 'overlay',
    Platform: 'linux',
    Mounts: [],
    HostConfig: { NetworkMode: 'bridge' },
    Config: {
      Hostname: c.id.slice(0, 12),
      Image: c.image,
      Cmd: c.cmd,
      Tty: c.tty,
      OpenStdin: c.openStdin,
      Labels: c.labels,
      Env: [],
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
    },
    NetworkSettings: { Networks: {}, Ports: {} },
  };
  return shape as unknown as Dockerode.ContainerInspectInfo;
}

export function execInspect(e: FakeExec): Dockerode.ExecInspectInfo {
  const cmd = (e.body.Cmd ?? []) as string[];
  return {
    ID: e.id,
    Running: e.running,
    ExitCode: e.exitCode,
    ContainerID: e.container.id,
    Pid: 4343,
    OpenStdin: e.body.AttachStdin === true,
    OpenStdout: true,
    OpenStderr: true,
    CanRemove: false,
    DetachKeys: '',
    ProcessConfig: {
      privileged: false,
      user: '',
      tty: e.body.Tty === true,
      entrypoint: cmd[0] ?? '',
      arguments: cmd.slice(1),
    },
  };
}

export function networkShape(name: string): Dockerode.NetworkInspectInfo {
  return {
    Name: name,
    Id: name.padEnd(64, '0'),
    Created: now(),
    Scope: 'local',
    Driver: name === 'none' ? 'null' : name,
    EnableIPv6: false,
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigOnly: false,
    IPAM: { Driver: 'default', Config: [] },
    Containers: {},
    Options: {},
    Labels: {},
  };
}

export function volumeShape(name: string): Dockerode.VolumeInspectInfo {
  return {
    Name: name,
    Driver: 'local',
    Mountpoint: `/var/lib/fake/volumes/${name}/_data`,
    Labels: {},
    Scope: 'local',
    Options: {},
  };
}

export function imageSummary(): Dockerode.ImageInfo {
  return {
    Id: IMAGE_ID,
    ParentId: '',
    RepoTags: ['busybox:latest'],
    RepoDigests: [],
    Created: 1_700_000_000,
    Size: 2_000_000,
    VirtualSize: 2_000_000,
    SharedSize: -1,
    Labels: {},
    Containers: -1,
  };
}

export function imageInspect(): Dockerode.ImageInspectInfo {
  const shape = {
    Id: IMAGE_ID,
    RepoTags: ['busybox:latest'],
    Config: { Cmd: ['sh'] },
    Os: 'linux',
    Architecture: 'amd64',
  };
  return shape as unknown as Dockerode.ImageInspectInfo;
}
