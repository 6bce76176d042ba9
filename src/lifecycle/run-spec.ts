/**
 * The one-off container of `run SERVICE`, pure: the service as the run options
 * change it (compose's `applyRunOptions` and `runOptions.apply`), then the same
 * `containerSpecFor` the planner uses, made one-off: named
 * `<project>-<service>-run-<12 hex>`, labelled `oneoff=True` with its slug and no
 * container number, no restart policy, aliases only with `--use-aliases`.
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { Label, type ContainerSpec } from '../engine/types.js';
import { containerSpecFor, type ContainerSpecInputs } from '../planner/container-spec.js';
import { ComposeError } from '../spec/diagnostics.js';
import type { Project, ServiceConfig, ServicePort, ServiceVolume } from '../spec/model.js';
import { parseShortPort } from '../spec/normalize/ports.js';
import { isHostPath, parseShortVolume } from '../spec/normalize/volumes.js';

/** Docker Compose's label for the random id of a one-off container. */
export const SLUG_LABEL = 'com.docker.compose.slug';

/** How `run` changes the service's container (flags of `docker compose run`). */
export interface OneOffOptions {
  readonly service: string;
  /** CMD...; empty or absent = the service's command. */
  readonly command?: readonly string[];
  /** `--entrypoint`, already split into words; it also clears the service's command. */
  readonly entrypoint?: readonly string[];
  /** `-e` and `--env-from-file`, as `KEY=VALUE`, over the service's environment. */
  readonly env?: readonly string[];
  /** `-l`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** `--name`; default `<project>-<service>-run-<slug[:12]>`. */
  readonly name?: string;
  readonly user?: string;
  readonly workingDir?: string;
  /** `-v`, short syntax; relative host paths resolve against the project directory. */
  readonly volumes?: readonly string[];
  /** `-p`, short syntax; the service's own ports are published only with `servicePorts`. */
  readonly publish?: readonly string[];
  /** `-P/--service-ports`. */
  readonly servicePorts?: boolean;
  readonly useAliases?: boolean;
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
  readonly tty?: boolean;
  /** `-i` (default): keep stdin open. */
  readonly interactive?: boolean;
  /** The engine removes the container when it exits (`--rm` with `-d`). */
  readonly autoRemove?: boolean;
}

const usage = (code: string, message: string) => ComposeError.of({ code, message });

function publishedPorts(specs: readonly string[]): ServicePort[] {
  return specs.flatMap((spec) => {
    try {
      return parseShortPort(spec).map((entry) => entry as unknown as ServicePort);
    } catch (error) {
      throw usage('usage.publish', `invalid port "${spec}": ${(error as Error).message}`);
    }
  });
}

function extraVolumes(project: Project, specs: readonly string[]): ServiceVolume[] {
  return specs.map((spec) => {
    let volume: ServiceVolume;
    try {
      volume = parseShortVolume(spec) as unknown as ServiceVolume;
    } catch (error) {
      throw usage('usage.volume', `invalid volume "${spec}": ${(error as Error).message}`);
    }
    const source = volume.source;
    if (volume.type !== 'bind' || source === undefined || !isHostPath(source)) return volume;
    const absolute =
      source === '~' || source.startsWith('~/')
        ? resolve(homedir(), source.slice(2))
        : resolve(project.workingDir, source);
    return { ...volume, source: absolute };
  });
}

function envOverrides(
  environment: ServiceConfig['environment'],
  entries: readonly string[],
): Record<string, string | null> {
  const result: Record<string, string | null> = { ...environment };
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals > 0) result[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return result;
}

/** Capabilities added by `--cap-add` leave `cap_drop` and the other way round (compose's rule). */
function capabilities(service: ServiceConfig, options: OneOffOptions): Partial<ServiceConfig> {
  const add = options.capAdd ?? [];
  const drop = options.capDrop ?? [];
  if (add.length === 0 && drop.length === 0) return {};
  const current = (key: 'cap_add' | 'cap_drop') =>
    Array.isArray(service[key]) ? (service[key] as string[]) : [];
  const capAdd = [...current('cap_add'), ...add].filter((cap) => !drop.includes(cap));
  const capDrop = [...current('cap_drop').filter((cap) => !add.includes(cap)), ...drop];
  return { cap_add: capAdd, cap_drop: capDrop };
}

/** The service as `run` changes it, named `containerName` (compose ignores `container_name` here). */
export function oneOffService(
  project: Project,
  options: OneOffOptions,
  containerName: string,
): ServiceConfig {
  const service = project.services[options.service];
  if (!service) throw usage('usage.service', `no such service: ${options.service}`);
  const command = options.command !== undefined && options.command.length > 0;
  const { restart: _restart, deploy, ...rest } = service;
  const { restart_policy: _policy, ...deployRest } = deploy ?? {};
  return {
    ...rest,
    ...(deploy !== undefined ? { deploy: deployRest } : {}),
    container_name: containerName,
    tty: options.tty === true,
    stdin_open: options.interactive !== false,
    ...(command ? { command: [...options.command!] } : {}),
    ...(options.entrypoint !== undefined
      ? { entrypoint: [...options.entrypoint], ...(command ? {} : { command: [] }) }
      : {}),
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.workingDir !== undefined ? { working_dir: options.workingDir } : {}),
    ...(options.env && options.env.length > 0
      ? { environment: envOverrides(service.environment, options.env) }
      : {}),
    labels: { ...service.labels, ...options.labels },
    ports:
      options.servicePorts === true ? (service.ports ?? []) : publishedPorts(options.publish ?? []),
    ...(options.volumes && options.volumes.length > 0
      ? { volumes: [...(service.volumes ?? []), ...extraVolumes(project, options.volumes)] }
      : {}),
    ...capabilities(service, options),
  } as ServiceConfig;
}

export function oneOffName(project: Project, service: string, slug: string): string {
  return `${project.name}-${service}-run-${slug.slice(0, 12)}`;
}

/**
 * The one-off container's spec. `slug` is its random 64-hex id (an input, so
 * this stays pure); `inputs` resolve `service:x` references as the planner does.
 */
export function oneOffContainerSpec(
  project: Project,
  options: OneOffOptions,
  slug: string,
  inputs: ContainerSpecInputs,
): ContainerSpec {
  if (options.servicePorts === true && (options.publish ?? []).length > 0)
    throw usage('usage.publish', '--service-ports and --publish are incompatible');
  const name = options.name ?? oneOffName(project, options.service, slug);
  const service = oneOffService(project, options, name);
  const derived: Project = {
    ...project,
    services: { ...project.services, [options.service]: service },
  };
  const { restart: _restart, ...spec } = containerSpecFor(derived, options.service, 1, inputs);
  const { [Label.containerNumber]: _number, ...labels } = spec.labels;
  return {
    ...spec,
    labels: { ...labels, [Label.oneoff]: 'True', [SLUG_LABEL]: slug },
    networks: spec.networks.map((attachment) =>
      options.useAliases === true ? attachment : { ...attachment, aliases: [name] },
    ),
    ...(options.interactive !== false ? { stdinOnce: true } : {}),
    ...(options.autoRemove === true ? { autoRemove: true } : {}),
  };
}
