/**
 * A minimal `Project` rebuilt from what the engine holds for a project name,
 * for commands run with `-p NAME` and no compose file (`down`, like Docker
 * Compose's `down -p`). Services come from container labels (service name,
 * image, `depends_on` from `com.docker.compose.depends_on` so the reverse
 * dependency order holds), networks and volumes from the resources carrying the
 * project label (key from `com.docker.compose.network`/`volume`). Nothing else
 * is known, and nothing else is needed to plan taking the project down.
 */
import { Label, type ContainerSummary, type Engine } from '../engine/types.js';
import type {
  DependencyCondition,
  Project,
  ServiceConfig,
  ServiceDependency,
} from '../spec/model.js';

const CONDITIONS: ReadonlySet<string> = new Set([
  'service_started',
  'service_healthy',
  'service_completed_successfully',
]);

/** `db:service_healthy:false,cache:service_started:true` → depends_on entries. */
export function parseDependsOnLabel(text: string | undefined): Record<string, ServiceDependency> {
  const dependencies: Record<string, ServiceDependency> = {};
  for (const entry of (text ?? '').split(',')) {
    const [service, condition, restart] = entry.split(':');
    if (!service) continue;
    dependencies[service] = {
      condition: (CONDITIONS.has(condition ?? '')
        ? condition
        : 'service_started') as DependencyCondition,
      required: true,
      restart: restart === 'true',
    };
  }
  return dependencies;
}

function servicesFrom(containers: readonly ContainerSummary[]): Record<string, ServiceConfig> {
  const services: Record<string, ServiceConfig> = {};
  for (const container of containers) {
    const name = container.labels[Label.service];
    if (!name || (container.labels[Label.oneoff] ?? '').toLowerCase() === 'true') continue;
    services[name] ??= {
      name,
      image: container.image,
      depends_on: parseDependsOnLabel(container.labels[Label.dependsOn]),
    };
  }
  // A dependency whose containers are gone is no edge to order by (and the graph rejects unknown services).
  for (const service of Object.values(services)) {
    for (const dependency of Object.keys(service.depends_on ?? {}))
      if (!(dependency in services)) delete service.depends_on![dependency];
  }
  return services;
}

function keyOf(
  labels: Readonly<Record<string, string>>,
  label: string,
  name: string,
  project: string,
) {
  return labels[label] ?? (name.startsWith(`${project}_`) ? name.slice(project.length + 1) : name);
}

export async function projectFromLabels(
  engine: Engine,
  name: string,
  cwd: string,
): Promise<Project> {
  const [containers, networks, volumes] = await Promise.all([
    engine.listContainers({ project: name, all: true }),
    engine.listNetworks({ project: name }),
    engine.listVolumes({ project: name }),
  ]);
  return {
    name,
    workingDir: containers[0]?.labels[Label.workingDir] ?? cwd,
    configFiles: [],
    environment: {},
    services: servicesFrom(containers),
    disabledServices: {},
    networks: Object.fromEntries(
      networks.map((n) => [keyOf(n.labels, Label.network, n.name, name), { name: n.name }]),
    ),
    volumes: Object.fromEntries(
      volumes.map((v) => [keyOf(v.labels, Label.volume, v.name, name), { name: v.name }]),
    ),
    secrets: {},
    configs: {},
    models: {},
    profiles: [],
    extensions: {},
  };
}
