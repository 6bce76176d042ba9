import type { Project, ServiceConfig } from '../../../src/spec/model.js';

/** A minimal project; each test states only its delta. */
export function buildProject(
  services: Record<string, Partial<ServiceConfig>>,
  rest: Partial<Project> = {},
): Project {
  return {
    name: 'demo',
    workingDir: '/w',
    configFiles: ['/w/compose.yaml'],
    environment: {},
    services: Object.fromEntries(
      Object.entries(services).map(([name, service]) => [name, { name, ...service }]),
    ),
    disabledServices: {},
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    models: {},
    profiles: [],
    extensions: {},
    ...rest,
  };
}
