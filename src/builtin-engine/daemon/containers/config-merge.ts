/**
 * The container's Config: the create body's Config merged with the image's
 * config by Docker's rules (moby's `merge`, in our words):
 *
 * - Env: the body's entries first, then the image's entries whose key the
 *   body does not set.
 * - Entrypoint/Cmd: when the body gives no Entrypoint, the image's is used,
 *   and when it gives no Cmd either, the image's Cmd too. A body Entrypoint
 *   drops the image's Cmd (a new entrypoint must not receive the old
 *   arguments). `Entrypoint: [""]` (the CLI's `--entrypoint ""`) means "none".
 * - User, WorkingDir, StopSignal: the body's when set, else the image's.
 * - ExposedPorts, Volumes: union. Labels: the image's, overridden by the body's.
 * - Healthcheck: the body's fields where set (non-zero), the image's elsewhere.
 */
import type Dockerode from 'dockerode';
import { EngineApiError } from '../../ports.js';
import type { ContainerConfig } from './record.js';

type Dict = Readonly<Record<string, unknown>>;

function strings(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value];
  return null;
}

function record(value: unknown): Record<string, object> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? { ...(value as Record<string, object>) }
    : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function envKey(entry: string): string {
  const equals = entry.indexOf('=');
  return equals === -1 ? entry : entry.slice(0, equals);
}

export function mergeEnv(body: readonly string[], image: readonly string[]): string[] {
  const keys = new Set(body.map(envKey));
  return [...body, ...image.filter((entry) => !keys.has(envKey(entry)))];
}

function mergeHealthcheck(
  body: Dockerode.HealthConfig | undefined,
  image: unknown,
): Dockerode.HealthConfig | undefined {
  const fromImage = record(image) as Dockerode.HealthConfig;
  if (body === undefined || body === null) {
    return Object.keys(fromImage).length > 0 ? fromImage : undefined;
  }
  const merged: Dockerode.HealthConfig = { ...body };
  if (!merged.Test || merged.Test.length === 0) merged.Test = fromImage.Test;
  for (const key of ['Interval', 'Timeout', 'StartPeriod', 'Retries'] as const) {
    if (!merged[key]) merged[key] = fromImage[key];
  }
  return merged;
}

/** The merged Config, as `docker inspect` shows it. */
export function mergeConfig(
  body: Dockerode.ContainerCreateOptions,
  imageReference: string,
  image: Dict,
): ContainerConfig {
  const bodyEntrypoint = strings(body.Entrypoint);
  const bodyCmd = strings(body.Cmd);
  let entrypoint: string[] | null;
  let cmd: string[] | null;
  if (bodyEntrypoint !== null && bodyEntrypoint.length > 0) {
    const reset = bodyEntrypoint.length === 1 && bodyEntrypoint[0] === '';
    entrypoint = reset ? null : bodyEntrypoint;
    cmd = bodyCmd;
  } else {
    entrypoint = strings(image.Entrypoint);
    cmd = bodyCmd !== null && bodyCmd.length > 0 ? bodyCmd : strings(image.Cmd);
  }
  const config: ContainerConfig = {
    ...body,
    Hostname: body.Hostname ?? '',
    Domainname: body.Domainname ?? '',
    User: body.User || text(image.User),
    AttachStdin: body.AttachStdin ?? false,
    AttachStdout: body.AttachStdout ?? false,
    AttachStderr: body.AttachStderr ?? false,
    Tty: body.Tty ?? false,
    OpenStdin: body.OpenStdin ?? false,
    StdinOnce: body.StdinOnce ?? false,
    Env: mergeEnv(strings(body.Env) ?? [], strings(image.Env) ?? []),
    Cmd: cmd,
    Entrypoint: entrypoint,
    Image: imageReference,
    WorkingDir: body.WorkingDir || text(image.WorkingDir),
    Labels: {
      ...(record(image.Labels) as unknown as Record<string, string>),
      ...(body.Labels ?? {}),
    },
  };
  const exposed = { ...record(image.ExposedPorts), ...(body.ExposedPorts ?? {}) };
  if (Object.keys(exposed).length > 0) config.ExposedPorts = exposed;
  const volumes = { ...record(image.Volumes), ...(body.Volumes ?? {}) };
  config.Volumes = Object.keys(volumes).length > 0 ? volumes : undefined;
  const stopSignal = body.StopSignal || text(image.StopSignal);
  if (stopSignal !== '') config.StopSignal = stopSignal;
  const healthcheck = mergeHealthcheck(body.Healthcheck, image.Healthcheck);
  if (healthcheck !== undefined) config.Healthcheck = healthcheck;
  else delete config.Healthcheck;
  return config;
}

/** Path and arguments of the container's process; 400 when there is no command. */
export function processArgs(config: ContainerConfig): { path: string; args: string[] } {
  const argv = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  const [path, ...args] = argv;
  if (path === undefined || path === '') throw new EngineApiError(400, 'No command specified');
  return { path, args };
}
