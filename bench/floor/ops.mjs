// The Engine API calls a perfect Compose tool would make for a generated stack, and no more:
// what `up -d`, `up -d --wait`, `down`, `ps` and a no-op or one-change `up -d` cannot avoid.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CHANGE_VARIABLE, COMMAND, IMAGE, changedService } from '../generate.mjs';

const L = 'com.docker.compose.';
const VERSION = 'floor';

export const networkName = (project) => `${project}_default`;
export const containerName = (project, service) => `${project}-${service}-1`;

/** Depth in the dependency graph: starts go layer by layer, stops in reverse. */
function depths(stack) {
  const byName = new Map(stack.services.map((service) => [service.name, service]));
  const depth = new Map();
  const of = (name) => {
    if (!depth.has(name))
      depth.set(name, Math.max(-1, ...byName.get(name).dependsOn.map((dep) => of(dep.name))) + 1);
    return depth.get(name);
  };
  for (const service of stack.services) of(service.name);
  return depth;
}

function environment(stack, service, env) {
  return service.name === changedService(stack)
    ? [`${CHANGE_VARIABLE}=${env[CHANGE_VARIABLE] ?? '0'}`]
    : [];
}

/** What the labels record of a service's configuration, so a no-op `up` can compare without inspecting. */
function configHash(stack, service, env) {
  return createHash('sha256')
    .update(JSON.stringify({ service, env: environment(stack, service, env) }))
    .digest('hex');
}

function createBody(ctx, service, imageId) {
  const { project, stack, dir, env } = ctx;
  const name = containerName(project, service.name);
  const labels = {
    [`${L}project`]: project,
    [`${L}service`]: service.name,
    [`${L}container-number`]: '1',
    [`${L}oneoff`]: 'False',
    [`${L}version`]: VERSION,
    [`${L}config-hash`]: configHash(stack, service, env),
    [`${L}image`]: imageId,
    [`${L}project.working_dir`]: dir,
    [`${L}project.config_files`]: join(dir, 'compose.yaml'),
    [`${L}depends_on`]: service.dependsOn
      .map((dep) => `${dep.name}:${dep.condition}:false`)
      .join(','),
  };
  const volumes = service.volumes ?? [];
  return {
    name,
    Image: IMAGE,
    Cmd: COMMAND,
    Env: environment(stack, service, env),
    Labels: labels,
    ...(service.healthcheck
      ? { Healthcheck: { Test: service.healthcheck.test, Interval: 1_000_000_000 } }
      : {}),
    HostConfig: {
      NetworkMode: networkName(project),
      Binds: volumes
        .filter((v) => v.type === 'bind')
        .map((v) => `${join(dir, v.source)}:${v.target}${v.readOnly ? ':ro' : ''}`),
      Mounts: volumes
        .filter((v) => v.type === 'volume')
        .map((v) => ({ Type: 'volume', Source: `${project}_${v.source}`, Target: v.target })),
    },
    NetworkingConfig: {
      EndpointsConfig: { [networkName(project)]: { Aliases: [name, service.name] } },
    },
  };
}

const projectFilter = (project) => ({ label: [`${L}project=${project}`] });

/** One snapshot: containers, networks (and volumes when the stack has any), in parallel. */
function observe(ctx) {
  const { docker, project, stack } = ctx;
  return Promise.all([
    docker.listContainers({ all: true, filters: projectFilter(project) }),
    docker.listNetworks({ filters: { name: [networkName(project)] } }),
    stack.volumes.length > 0
      ? docker.listVolumes({ filters: projectFilter(project) })
      : Promise.resolve({ Volumes: [] }),
  ]);
}

/** Cold `up -d` (and `--wait`): network, volumes, image check, then create+start by the graph. */
export async function up(ctx, { wait = false } = {}) {
  const { docker, project, stack, limiter } = ctx;
  await observe(ctx);
  const [image] = await Promise.all([
    docker.getImage(IMAGE).inspect(),
    docker.createNetwork({
      Name: networkName(project),
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: { [`${L}project`]: project, [`${L}network`]: 'default', [`${L}version`]: VERSION },
    }),
    ...stack.volumes.map((volume) =>
      docker.createVolume({
        Name: `${project}_${volume}`,
        Labels: { [`${L}project`]: project, [`${L}volume`]: volume, [`${L}version`]: VERSION },
      }),
    ),
  ]);
  const healthy = needsHealth(stack, wait) ? await healthEvents(ctx) : undefined;
  try {
    await startAll(ctx, image.Id, healthy);
  } finally {
    healthy?.close();
  }
  return `${stack.services.length} started, limiter peak ${limiter.peak}`;
}

function needsHealth(stack, wait) {
  return stack.services.some(
    (service) =>
      (wait && service.healthcheck) ||
      service.dependsOn.some((dep) => dep.condition === 'service_healthy'),
  );
}

async function startAll(ctx, imageId, healthy) {
  const { docker, stack, limiter } = ctx;
  const depth = depths(stack);
  const started = new Map();
  const becameHealthy = new Map();
  const ready = (dep) =>
    dep.condition === 'service_healthy' ? becameHealthy.get(dep.name) : started.get(dep.name);
  // Creates do not wait for dependencies; starts do. Shallowest first, so every dependency's
  // promise exists before its dependents ask for it.
  const order = [...stack.services].sort((a, b) => depth.get(a.name) - depth.get(b.name));
  for (const service of order) {
    const created = limiter.run('create', depth.get(service.name), () =>
      docker.createContainer(createBody(ctx, service, imageId)),
    );
    const start = Promise.all([created, ...service.dependsOn.map((dep) => ready(dep))]).then(
      ([container]) =>
        limiter
          .run('start', depth.get(service.name), () => container.start())
          .then(() => container),
    );
    started.set(service.name, start);
    if (healthy && service.healthcheck)
      becameHealthy.set(
        service.name,
        start.then((container) => healthy.waitFor(container.id)),
      );
  }
  await Promise.all([...started.values(), ...[...becameHealthy.values()].filter(Boolean)]);
}

/** Subscribed before the first start, so no `health_status: healthy` can be missed. */
async function healthEvents(ctx) {
  const stream = await ctx.docker.getEvents({
    filters: { type: ['container'], label: [`${L}project=${ctx.project}`] },
  });
  const seen = new Set();
  const waiting = new Map();
  let buffer = '';
  stream.on('data', (chunk) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop();
    for (const line of lines.filter(Boolean)) {
      const event = JSON.parse(line);
      if (event.status !== 'health_status: healthy') continue;
      seen.add(event.id);
      waiting.get(event.id)?.();
    }
  });
  return {
    waitFor: (id) =>
      seen.has(id) ? Promise.resolve() : new Promise((resolve) => waiting.set(id, resolve)),
    close: () => stream.destroy(),
  };
}

/** `down`: stop in reverse dependency order (a service after everything that depends on it), remove, then the network. */
export async function down(ctx, { volumes = false } = {}) {
  const { docker, project, stack, limiter } = ctx;
  const [containers] = await observe(ctx);
  const byService = new Map(containers.map((c) => [c.Labels[`${L}service`], c]));
  const depth = depths(stack);
  const maxDepth = Math.max(...depth.values());
  const stopped = new Map();
  const dependents = new Map(stack.services.map((s) => [s.name, []]));
  for (const service of stack.services)
    for (const dep of service.dependsOn) dependents.get(dep.name).push(service.name);
  // Deepest first: a service's dependents' promises exist before its own is made.
  const order = [...stack.services].sort((a, b) => depth.get(b.name) - depth.get(a.name));
  for (const service of order) {
    const info = byService.get(service.name);
    const after = dependents.get(service.name).map((name) => stopped.get(name));
    const priority = maxDepth - depth.get(service.name);
    stopped.set(
      service.name,
      Promise.all(after).then(async () => {
        if (!info) return;
        const container = docker.getContainer(info.Id);
        if (info.State === 'running') await limiter.run('stop', priority, () => container.stop());
        await limiter.run('remove', priority, () => container.remove({ v: volumes }));
      }),
    );
  }
  await Promise.all(stopped.values());
  await docker.getNetwork(networkName(project)).remove();
  if (volumes)
    await Promise.all(
      stack.volumes.map((volume) => docker.getVolume(`${project}_${volume}`).remove()),
    );
  return `${containers.length} removed`;
}

/** `ps`: one list call, rendered. */
export async function ps(ctx) {
  const containers = await ctx.docker.listContainers({
    all: true,
    filters: projectFilter(ctx.project),
  });
  const rows = containers
    .map((c) => [c.Names[0].slice(1), c.Labels[`${L}service`], c.Image, c.Status])
    .sort((a, b) => a[0].localeCompare(b[0]));
  return ['NAME\tSERVICE\tIMAGE\tSTATUS', ...rows.map((row) => row.join('\t'))].join('\n');
}

/** `up -d` on a deployed stack: one snapshot; recreate what the labels say is stale or missing. */
export async function converge(ctx) {
  const { docker, project, stack, env, limiter } = ctx;
  const [[containers, networks], image] = await Promise.all([
    observe(ctx),
    docker.getImage(IMAGE).inspect(),
  ]);
  if (networks.length === 0) throw new Error(`network ${networkName(project)} is missing`);
  const byService = new Map(containers.map((c) => [c.Labels[`${L}service`], c]));
  const stale = stack.services.filter((service) => {
    const info = byService.get(service.name);
    return (
      !info ||
      info.State !== 'running' ||
      info.Labels[`${L}config-hash`] !== configHash(stack, service, env) ||
      info.Labels[`${L}image`] !== image.Id
    );
  });
  const dependents = new Set(stack.services.flatMap((s) => s.dependsOn.map((d) => d.name)));
  if (stale.some((service) => dependents.has(service.name)))
    throw new Error('floor: recreating a service with dependents is not modelled');
  await Promise.all(
    stale.map(async (service) => {
      const info = byService.get(service.name);
      if (info) {
        const old = docker.getContainer(info.Id);
        if (info.State === 'running') await limiter.run('stop', 0, () => old.stop());
        await limiter.run('remove', 0, () => old.remove());
      }
      const container = await limiter.run('create', 0, () =>
        docker.createContainer(createBody(ctx, service, image.Id)),
      );
      await limiter.run('start', 0, () => container.start());
    }),
  );
  return `${stale.length} recreated`;
}
