import { eachService, type ConsistencyRule, type Finding } from './rule.js';

export const imageOrBuild: ConsistencyRule = {
  name: 'image-or-build',
  check: (project) =>
    eachService(project, (service, name) =>
      service.image === undefined && service.build === undefined && service.provider === undefined
        ? [
            {
              code: 'service.no-image',
              message: `service "${name}" has neither an image nor a build context specified`,
              path: ['services', name],
            },
          ]
        : [],
    ),
};

export const buildFields: ConsistencyRule = {
  name: 'build-fields',
  check: (project) =>
    eachService(project, (service, name) => {
      const build = service.build;
      if (!build) return [];
      const path = ['services', name, 'build'];
      const findings: Finding[] = [];
      if (build.dockerfile_inline !== undefined && build.dockerfile !== undefined) {
        findings.push({
          code: 'build.dockerfile-conflict',
          message: `service "${name}" declares mutually exclusive dockerfile and dockerfile_inline`,
          path,
        });
      }
      for (const [contextName, value] of Object.entries(build.additional_contexts ?? {})) {
        if (!value.startsWith('service:')) continue;
        const target = value.slice('service:'.length);
        const other = project.services[target];
        const problem = !other
          ? `refers to undefined service "${target}"`
          : !other.build
            ? `refers to service "${target}" which has no build section`
            : undefined;
        if (problem) {
          findings.push({
            code: 'build.additional-context',
            message: `build.additional_contexts "${contextName}" ${problem}`,
            path: [...path, 'additional_contexts', contextName],
          });
        }
      }
      if (
        service.platform &&
        build.platforms &&
        build.platforms.length > 0 &&
        !build.platforms.includes(service.platform)
      ) {
        findings.push({
          code: 'build.platform',
          message: `service.platform "${service.platform}" should be part of the service.build.platforms: [${build.platforms.join(' ')}]`,
          path: ['services', name, 'platform'],
        });
      }
      (build.secrets ?? []).forEach((secret, index) => {
        if (!(secret.source in project.secrets)) {
          findings.push({
            code: 'reference.secret',
            message: `service "${name}" refers to undefined build secret "${secret.source}"`,
            path: [...path, 'secrets', index],
          });
        }
      });
      return findings;
    }),
};
