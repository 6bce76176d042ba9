import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../src/engine/types.js';
import {
  ago,
  portsText,
  psDetailsFromInspect,
  psDetailsFromSummary,
  psRow,
  renderPsJson,
  renderPsTable,
  statusText,
} from '../../../src/ui/ps-table.js';

const summary = (over: Partial<ContainerSummary> = {}): ContainerSummary => ({
  id: 'abc123',
  name: 'demo-web-1',
  imageId: 'sha256:1',
  image: 'busybox',
  labels: { 'com.docker.compose.project': 'demo', 'com.docker.compose.service': 'web' },
  state: 'running',
  health: 'healthy',
  created: 1_000,
  networks: [],
  volumes: [],
  ...over,
});

const inspect = {
  Path: 'sh',
  Args: ['-c', 'httpd -f'],
  NetworkSettings: {
    Ports: {
      '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }],
      '53/udp': null,
      '80/tcp': [{ HostIp: '::', HostPort: '8000' }],
    },
  },
};

describe('ps rows', () => {
  it('takes command, publishers and the status text from the list call when it has them', () => {
    const listed = summary({
      statusText: 'Up 4 seconds (healthy)',
      command: "sh -c 'httpd -f'",
      ports: [
        { hostIp: '::', hostPort: 8000, containerPort: 80, protocol: 'tcp' },
        { hostIp: '127.0.0.1', hostPort: 18080, containerPort: 8080, protocol: 'tcp' },
        { hostIp: '', hostPort: 0, containerPort: 53, protocol: 'udp' },
      ],
    });
    const row = psRow(listed, psDetailsFromSummary(listed));
    expect(row.Status).toBe('Up 4 seconds (healthy)');
    expect(row.Command).toBe("sh -c 'httpd -f'");
    expect(portsText(row.Publishers)).toBe('53/udp, [::]:8000->80/tcp, 127.0.0.1:18080->8080/tcp');
  });

  it('needs an inspect when the backend did not report command and ports', () => {
    expect(psDetailsFromSummary(summary())).toBeUndefined();
    expect(psRow(summary()).Status).toBe('Up (healthy)');
  });

  it('takes command and publishers from inspect, the rest from the list', () => {
    const row = psRow(summary(), psDetailsFromInspect(inspect));
    expect(row).toMatchObject({
      ID: 'abc123',
      Name: 'demo-web-1',
      Image: 'busybox',
      Command: 'sh -c httpd -f',
      Project: 'demo',
      Service: 'web',
      State: 'running',
      Status: 'Up (healthy)',
      Health: 'healthy',
      ExitCode: 0,
      Publishers: [
        { URL: '::', TargetPort: 80, PublishedPort: 8000, Protocol: 'tcp' },
        { URL: '127.0.0.1', TargetPort: 8080, PublishedPort: 18080, Protocol: 'tcp' },
      ],
    });
    expect(portsText(row.Publishers)).toBe('[::]:8000->80/tcp, 127.0.0.1:18080->8080/tcp');
  });

  it('status text says exit codes and health as the engine does', () => {
    expect(statusText('exited', undefined, 137)).toBe('Exited (137)');
    expect(statusText('running', 'starting')).toBe('Up (health: starting)');
    expect(statusText('running', 'none')).toBe('Up');
    expect(statusText('created')).toBe('Created');
  });

  it('health is empty without a healthcheck, as compose writes it', () => {
    expect(psRow(summary({ health: undefined })).Health).toBe('');
    expect(psRow(summary({ health: 'none' })).Health).toBe('');
  });

  it('created is relative to the injected clock', () => {
    expect(ago(1_000, 1_000_000)).toBe('0 seconds ago');
    expect(ago(1_000, 1_001_000)).toBe('1 second ago');
    expect(ago(1_000, 1_000_000 + 125_000)).toBe('2 minutes ago');
    expect(ago(1_000, 1_000_000 + 7_200_000)).toBe('2 hours ago');
  });
});

describe('ps rendering', () => {
  it('table has compose columns, aligned, with the command quoted and truncated', () => {
    const rows = [
      psRow(summary(), psDetailsFromInspect(inspect)),
      psRow(
        summary({
          id: 'def',
          name: 'demo-worker-10',
          state: 'exited',
          exitCode: 2,
          health: undefined,
          labels: { 'com.docker.compose.service': 'worker' },
        }),
        {
          command: 'sh -c a-very-long-command-line-indeed',
          publishers: [],
        },
      ),
    ];
    expect(renderPsTable(rows, 1_010_000)).toBe(
      [
        'NAME             IMAGE     COMMAND                  SERVICE   CREATED          STATUS         PORTS',
        'demo-web-1       busybox   "sh -c httpd -f"         web       10 seconds ago   Up (healthy)   [::]:8000->80/tcp, 127.0.0.1:18080->8080/tcp',
        'demo-worker-10   busybox   "sh -c a-very-long-c…"   worker    10 seconds ago   Exited (2)',
        '',
      ].join('\n'),
    );
  });

  it('json is one parseable object per line', () => {
    const rows = [psRow(summary()), psRow(summary({ id: 'x', name: 'demo-web-2' }))];
    const lines = renderPsJson(rows).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => (JSON.parse(l) as { Name: string }).Name)).toEqual([
      'demo-web-1',
      'demo-web-2',
    ]);
  });
});
