import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/spec/diagnostics.js';
import type { Project, ServiceConfig } from '../../../src/spec/model.js';
import { projectWatchRules, serviceWatchRules } from '../../../src/watch/rules.js';

const service = (name: string, watch: unknown[]): ServiceConfig =>
  ({ name, image: 'busybox', develop: { watch } }) as ServiceConfig;
const project = (...services: ServiceConfig[]): Project =>
  ({
    name: 'p',
    services: Object.fromEntries(services.map((s) => [s.name, s])),
  }) as unknown as Project;

describe('watch rules from develop.watch', () => {
  it('types every field and keeps the rule index', () => {
    const errors: never[] = [];
    const rules = serviceWatchRules(
      service('web', [
        { path: '/src/a', action: 'sync', target: '/app', ignore: ['*.log'], initial_sync: true },
        { path: '/src/pkg.json', action: 'rebuild' },
        {
          path: '/src/b',
          action: 'sync+exec',
          target: 'srv',
          include: ['*.js'],
          exec: {
            command: 'npm run "build all"',
            user: 'node',
            privileged: true,
            working_dir: '/app',
            environment: { A: '1', B: null },
          },
        },
      ]),
      errors,
    );
    expect(errors).toEqual([]);
    expect(rules).toEqual([
      {
        service: 'web',
        index: 0,
        path: '/src/a',
        action: 'sync',
        target: '/app',
        ignore: ['*.log'],
        include: [],
        initialSync: true,
      },
      {
        service: 'web',
        index: 1,
        path: '/src/pkg.json',
        action: 'rebuild',
        ignore: [],
        include: [],
        initialSync: false,
      },
      {
        service: 'web',
        index: 2,
        path: '/src/b',
        action: 'sync+exec',
        target: '/srv',
        ignore: [],
        include: ['*.js'],
        exec: {
          command: ['npm', 'run', 'build all'],
          user: 'node',
          privileged: true,
          workingDir: '/app',
          environment: ['A=1', 'B'],
        },
        initialSync: false,
      },
    ]);
  });

  it('reports a sync rule without target and sync+exec without command, with their key paths', () => {
    const errors: { path?: readonly (string | number)[]; message: string }[] = [];
    serviceWatchRules(
      service('web', [
        { path: '/a', action: 'sync' },
        { path: '/b', action: 'sync+exec', target: '/b' },
        { path: '/c', action: 'teleport' },
      ]),
      errors as never[],
    );
    expect(errors.map((e) => [e.path?.join('.'), e.message])).toEqual([
      [
        'services.web.develop.watch.0.target',
        'action sync needs a target (the path in the container)',
      ],
      ['services.web.develop.watch.1.exec', 'action sync+exec needs exec.command'],
      ['services.web.develop.watch.2.action', 'unknown watch action "teleport"'],
    ]);
  });

  it('selects services, refuses unknown ones, and refuses a selection without any rule', () => {
    const p = project(service('web', [{ path: '/a', action: 'restart' }]), {
      name: 'db',
      image: 'busybox',
    } as ServiceConfig);
    expect(projectWatchRules(p, []).map((r) => r.service)).toEqual(['web']);
    expect(() => projectWatchRules(p, ['nope'])).toThrow('no such service: nope');
    expect(() => projectWatchRules(p, ['db'])).toThrow(ComposeError);
    expect(() => projectWatchRules(p, ['db'])).toThrow(
      /none of the selected services is configured for watch/,
    );
  });
});
