import type { ServiceConfig } from '../model.js';
import { eachService, type ConsistencyRule, type Finding } from './rule.js';

/** The replica count compose uses: `scale`, else `deploy.replicas`, else 1. */
export function replicaCount(service: ServiceConfig): number {
  return service.scale ?? service.deploy?.replicas ?? 1;
}

export const scale: ConsistencyRule = {
  name: 'scale',
  check: (project) =>
    eachService(project, (service, name) => {
      const findings: Finding[] = [];
      const replicas = service.deploy?.replicas;
      if (service.scale !== undefined && replicas !== undefined && service.scale !== replicas) {
        findings.push({
          code: 'scale.conflict',
          message: `can't set distinct values on 'scale' and 'deploy.replicas'`,
          path: ['services', name, 'scale'],
        });
      }
      if (service.scale !== undefined && service.scale < 0) {
        findings.push({
          code: 'scale.negative',
          message: 'scale must be greater than or equal to 0',
          path: ['services', name, 'scale'],
        });
      }
      if (replicas !== undefined && replicas < 0) {
        findings.push({
          code: 'scale.negative',
          message: 'replicas must be greater than or equal to 0',
          path: ['services', name, 'deploy', 'replicas'],
        });
      }
      if (service.container_name !== undefined && replicaCount(service) > 1) {
        findings.push({
          code: 'container-name.scale',
          message: `service "${name}" cannot be scaled beyond 1 replica: container_name "${service.container_name}" must be unique`,
          path: ['services', name, 'container_name'],
        });
      }
      return findings;
    }),
};

/** Service-level limits must agree with `deploy.resources` when both are set. */
const RESOURCE_PAIRS = [
  ['cpus', 'limits', 'cpus'],
  ['mem_limit', 'limits', 'memory'],
  ['mem_reservation', 'reservations', 'memory'],
  ['pids_limit', 'limits', 'pids'],
] as const;

export const resourceLimits: ConsistencyRule = {
  name: 'resource-limits',
  check: (project) =>
    eachService(project, (service, name) =>
      RESOURCE_PAIRS.flatMap(([serviceKey, section, deployKey]): Finding[] => {
        const own = service[serviceKey];
        const deployed = service.deploy?.resources?.[section]?.[deployKey];
        if (own === undefined || deployed === undefined || Number(own) === Number(deployed))
          return [];
        return [
          {
            code: 'resources.conflict',
            message: `can't set distinct values on '${serviceKey}' and 'deploy.resources.${section}.${deployKey}'`,
            path: ['services', name, serviceKey],
          },
        ];
      }),
    ),
};
