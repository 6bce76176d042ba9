import type { Project } from '../model.js';
import { eachService, type ConsistencyRule, type Finding } from './rule.js';

function undefinedReference(
  kind: string,
  serviceName: string,
  name: string,
  path: Finding['path'],
): Finding {
  return {
    code: `reference.${kind}`,
    message: `service "${serviceName}" refers to undefined ${kind} "${name}"`,
    path,
  };
}

/** Networks, named volumes, secrets, configs and models a service uses must be declared. */
export const declaredResources: ConsistencyRule = {
  name: 'declared-resources',
  check: (project) =>
    eachService(project, (service, name) => {
      const findings: Finding[] = [];
      const at = (...rest: (string | number)[]) => ['services', name, ...rest];
      for (const network of Object.keys(service.networks ?? {})) {
        if (!(network in project.networks))
          findings.push(undefinedReference('network', name, network, at('networks', network)));
      }
      (service.volumes ?? []).forEach((volume, index) => {
        if (volume.type === 'volume' && volume.source && !(volume.source in project.volumes)) {
          findings.push(undefinedReference('volume', name, volume.source, at('volumes', index)));
        }
      });
      (service.secrets ?? []).forEach((secret, index) => {
        if (!(secret.source in project.secrets))
          findings.push(undefinedReference('secret', name, secret.source, at('secrets', index)));
      });
      (service.configs ?? []).forEach((config, index) => {
        if (!(config.source in project.configs))
          findings.push(undefinedReference('config', name, config.source, at('configs', index)));
      });
      for (const model of Object.keys(service.models ?? {})) {
        if (!(model in project.models))
          findings.push(undefinedReference('model', name, model, at('models', model)));
      }
      return findings;
    }),
};

function isDefinedButDisabled(project: Project, name: string): boolean {
  return name in project.disabledServices;
}

/**
 * `depends_on` targets must be enabled services; a profile-disabled target is
 * tolerated only with `required: false` (an undefined one never is).
 */
export const dependencies: ConsistencyRule = {
  name: 'dependencies',
  check: (project) =>
    eachService(project, (service, name) =>
      Object.entries(service.depends_on ?? {}).flatMap(([dependency, entry]): Finding[] => {
        if (dependency in project.services) return [];
        if (isDefinedButDisabled(project, dependency) && entry.required === false) return [];
        return [
          {
            code: 'depends-on.undefined',
            message: `service "${name}" depends on undefined service "${dependency}"`,
            path: ['services', name, 'depends_on', dependency],
          },
        ];
      }),
    ),
};

export const networkMode: ConsistencyRule = {
  name: 'network-mode',
  check: (project) =>
    eachService(project, (service, name): Finding[] => {
      const mode = service.network_mode;
      if (mode === undefined) return [];
      const path = ['services', name, 'network_mode'];
      if (service.networks && Object.keys(service.networks).length > 0) {
        return [
          {
            code: 'network-mode.conflict',
            message: `service "${name}" declares mutually exclusive network_mode and networks`,
            path,
          },
        ];
      }
      const target = mode.startsWith('service:') ? mode.slice('service:'.length) : undefined;
      if (target !== undefined && !(target in project.services)) {
        return [
          {
            code: 'network-mode.undefined',
            message: `service "${target}" not found for network_mode "${mode}"`,
            path,
          },
        ];
      }
      return [];
    }),
};
