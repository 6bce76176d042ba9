import { isMapping } from '../raw.js';
import { eachService, type ConsistencyRule, type Finding } from './rule.js';

export const healthcheckTest: ConsistencyRule = {
  name: 'healthcheck-test',
  check: (project) =>
    eachService(project, (service, name): Finding[] => {
      const test = service.healthcheck?.test;
      if (!test || test.length === 0 || ['CMD', 'CMD-SHELL', 'NONE'].includes(test[0]!)) return [];
      return [
        {
          code: 'healthcheck.test',
          message: 'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"',
          path: ['services', name, 'healthcheck', 'test'],
        },
      ];
    }),
};

/** Only `rebuild` and `restart` can do without a `target` in the container. */
export const watchTargets: ConsistencyRule = {
  name: 'watch-targets',
  check: (project) =>
    eachService(project, (service, name) => {
      const watch = service.develop?.watch;
      if (!Array.isArray(watch)) return [];
      return watch.flatMap((rule, index): Finding[] => {
        if (
          !isMapping(rule) ||
          rule.action === 'rebuild' ||
          rule.action === 'restart' ||
          rule.target
        )
          return [];
        return [
          {
            code: 'watch.target',
            message: `watch action "${String(rule.action)}" requires a target`,
            path: ['services', name, 'develop', 'watch', index],
          },
        ];
      });
    }),
};

/** Two mounts (volumes or tmpfs) on one container path cannot both exist. */
export const mountTargets: ConsistencyRule = {
  name: 'mount-targets',
  check: (project) =>
    eachService(project, (service, name) => {
      const seen = new Set<string>();
      const findings: Finding[] = [];
      const mounts: [string, (string | number)[]][] = [
        ...(service.volumes ?? []).map((volume, index): [string, (string | number)[]] => [
          volume.target,
          ['volumes', index],
        ]),
        ...(service.tmpfs ?? []).map((entry, index): [string, (string | number)[]] => [
          entry.split(':')[0]!,
          ['tmpfs', index],
        ]),
      ];
      for (const [target, where] of mounts) {
        if (seen.has(target)) {
          findings.push({
            code: 'mount.duplicate',
            message: `duplicate mount target "${target}"`,
            path: ['services', name, ...where],
          });
        }
        seen.add(target);
      }
      return findings;
    }),
};

/** `count` and `device_ids` of a device request exclude each other. */
export const deviceRequests: ConsistencyRule = {
  name: 'device-requests',
  check: (project) =>
    eachService(project, (service, name) => {
      const lists: [unknown, (string | number)[]][] = [
        [service.gpus, ['gpus']],
        [
          service.deploy?.resources?.reservations?.devices,
          ['deploy', 'resources', 'reservations', 'devices'],
        ],
      ];
      return lists.flatMap(([requests, where]) =>
        (Array.isArray(requests) ? requests : []).flatMap((request, index): Finding[] =>
          isMapping(request) && request.count !== undefined && request.device_ids !== undefined
            ? [
                {
                  code: 'device.count-and-ids',
                  message: 'invalid "count" and "device_ids" are mutually exclusive',
                  path: ['services', name, ...where, index],
                },
              ]
            : [],
        ),
      );
    }),
};
