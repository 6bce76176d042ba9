/**
 * `ps` output: rows built from one container list (the Docker backend's list
 * carries command, ports and the engine's status text; a backend that lacks
 * them is inspected per container), rendered as docker compose's table or as
 * one JSON object per line with its field names.
 */
import {
  Label,
  type ContainerState,
  type ContainerSummary,
  type HealthState,
} from '../engine/types.js';

export interface Publisher {
  readonly URL: string;
  readonly TargetPort: number;
  readonly PublishedPort: number;
  readonly Protocol: string;
}

/** What `ps` shows of one container; field names as `docker compose ps --format json` writes them. */
export interface PsRow {
  readonly ID: string;
  readonly Name: string;
  readonly Image: string;
  readonly Command: string;
  readonly Project: string;
  readonly Service: string;
  /** Seconds since the epoch. */
  readonly Created: number;
  readonly State: ContainerState;
  readonly Status: string;
  /** `healthy`, `unhealthy`, `starting`, or '' without a healthcheck (as compose). */
  readonly Health: string;
  readonly ExitCode: number;
  readonly Publishers: readonly Publisher[];
  readonly Labels: string;
}

/** The parts of `docker inspect` ps needs; absent when not inspected. */
export interface PsDetails {
  readonly command: string;
  readonly publishers: readonly Publisher[];
}

/** Command and publishers from the list call, when the backend reported them. */
export function psDetailsFromSummary(summary: ContainerSummary): PsDetails | undefined {
  if (summary.command === undefined || summary.ports === undefined) return undefined;
  return {
    command: summary.command,
    publishers: sortPublishers(
      summary.ports.map((port) => ({
        URL: port.hostIp,
        TargetPort: port.containerPort,
        PublishedPort: port.hostPort,
        Protocol: port.protocol,
      })),
    ),
  };
}

export function psRow(summary: ContainerSummary, details?: PsDetails): PsRow {
  const labels = summary.labels;
  return {
    ID: summary.id,
    Name: summary.name,
    Image: summary.image,
    Command: details?.command ?? '',
    Project: labels[Label.project] ?? '',
    Service: labels[Label.service] ?? '',
    Created: summary.created,
    State: summary.state,
    Status: summary.statusText ?? statusText(summary.state, summary.health, summary.exitCode),
    Health: healthText(summary.health),
    ExitCode: summary.exitCode ?? 0,
    Publishers: details?.publishers ?? [],
    Labels: Object.entries(labels)
      .map(([key, value]) => `${key}=${value}`)
      .sort()
      .join(','),
  };
}

function healthText(health: HealthState | undefined): string {
  return health === undefined || health === 'none' ? '' : health;
}

/** A short status in the engine's words: `Up (healthy)`, `Exited (0)`, `Created`. */
export function statusText(state: ContainerState, health?: HealthState, exitCode?: number): string {
  const suffix =
    health && health !== 'none' ? ` (${health === 'starting' ? 'health: starting' : health})` : '';
  switch (state) {
    case 'running':
      return `Up${suffix}`;
    case 'paused':
      return `Up (Paused)`;
    case 'restarting':
      return `Restarting (${exitCode ?? 0})`;
    case 'exited':
      return `Exited (${exitCode ?? 0})`;
    case 'created':
      return 'Created';
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
    default: {
      const unreachable: never = state;
      throw new Error(`unknown state ${String(unreachable)}`);
    }
  }
}

/** `Config.Path`/`Args` and `NetworkSettings.Ports` of a raw Docker inspect document. */
export function psDetailsFromInspect(inspect: Readonly<Record<string, unknown>>): PsDetails {
  const path = typeof inspect.Path === 'string' ? inspect.Path : '';
  const args = Array.isArray(inspect.Args) ? inspect.Args.map(String) : [];
  const command = [path, ...args].filter((part) => part !== '').join(' ');
  const settings = (inspect.NetworkSettings ?? {}) as { Ports?: Record<string, unknown> };
  const publishers: Publisher[] = [];
  for (const [key, bindings] of Object.entries(settings.Ports ?? {})) {
    const [port = '0', protocol = 'tcp'] = key.split('/');
    if (!Array.isArray(bindings)) continue;
    for (const binding of bindings as { HostIp?: string; HostPort?: string }[]) {
      publishers.push({
        URL: binding.HostIp ?? '',
        TargetPort: Number(port),
        PublishedPort: Number(binding.HostPort ?? 0),
        Protocol: protocol,
      });
    }
  }
  return { command, publishers: sortPublishers(publishers) };
}

function sortPublishers(publishers: Publisher[]): Publisher[] {
  return publishers.sort(
    (a, b) =>
      a.TargetPort - b.TargetPort ||
      a.URL.localeCompare(b.URL) ||
      a.PublishedPort - b.PublishedPort,
  );
}

/** `127.0.0.1:18080->8080/tcp, [::]:80->80/tcp`. */
export function portsText(publishers: readonly Publisher[]): string {
  return publishers
    .map((p) => {
      const host = p.URL.includes(':') ? `[${p.URL}]` : p.URL;
      return p.PublishedPort > 0
        ? `${host}:${p.PublishedPort}->${p.TargetPort}/${p.Protocol}`
        : `${p.TargetPort}/${p.Protocol}`;
    })
    .join(', ');
}

/** `5 seconds ago`, `3 minutes ago`: the CREATED column, against an injected clock. */
export function ago(createdSeconds: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor(nowMs / 1000 - createdSeconds));
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
  }
  return `${seconds} second${seconds === 1 ? '' : 's'} ago`;
}

const MAX_COMMAND = 20;

/** The table `docker compose ps` prints: NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS. */
export function renderPsTable(rows: readonly PsRow[], nowMs: number): string {
  const header = ['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'];
  const body = rows.map((row) => [
    row.Name,
    row.Image,
    `"${truncate(row.Command, MAX_COMMAND)}"`,
    row.Service,
    ago(row.Created, nowMs),
    row.Status,
    portsText(row.Publishers),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('   ')
      .trimEnd();
  return `${[header, ...body].map(line).join('\n')}\n`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `--format json`: one object per line (docker compose v2.21+ style). */
export function renderPsJson(rows: readonly PsRow[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}
