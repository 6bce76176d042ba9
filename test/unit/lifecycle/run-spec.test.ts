import { describe, expect, it } from 'vitest';
import { Label } from '../../../src/engine/types.js';
import { runDependencies } from '../../../src/lifecycle/run-prepare.js';
import { oneOffContainerSpec, SLUG_LABEL } from '../../../src/lifecycle/run-spec.js';
import { planRunPrerequisites } from '../../../src/planner/plan-run.js';
import { emptyState, project, upOptions } from '../planner/builders.js';

const SLUG = 'ab'.repeat(32);
const names = { containerName: (service: string) => `app-${service}-1` };

const app = project({
  db: { healthcheck: { test: ['CMD', 'true'] } },
  cache: {},
  web: {
    command: ['serve'],
    container_name: 'fixed-name',
    restart: 'always',
    ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
    environment: { A: '1', B: '2' },
    labels: { team: 'x' },
    cap_add: ['NET_ADMIN'],
    depends_on: {
      db: { condition: 'service_healthy', required: true },
      cache: { condition: 'service_started', required: true },
    },
  },
});

describe('the one-off container spec', () => {
  it('is named <project>-<service>-run-<12 hex>, labelled one-off with its slug, no number, no restart', () => {
    const spec = oneOffContainerSpec(app, { service: 'web' }, SLUG, names);
    expect(spec.name).toBe(`app-web-run-${SLUG.slice(0, 12)}`);
    expect(spec.labels[Label.oneoff]).toBe('True');
    expect(spec.labels[SLUG_LABEL]).toBe(SLUG);
    expect(spec.labels[Label.containerNumber]).toBeUndefined();
    expect(spec.labels[Label.project]).toBe('app');
    expect(spec.labels.team).toBe('x');
    expect(spec.restart).toBeUndefined();
    expect(spec.command).toEqual(['serve']);
  });

  it("publishes none of the service's ports unless --service-ports; -p publishes its own", () => {
    expect(oneOffContainerSpec(app, { service: 'web' }, SLUG, names).ports).toEqual([]);
    expect(
      oneOffContainerSpec(app, { service: 'web', servicePorts: true }, SLUG, names).ports,
    ).toEqual([{ target: 80, protocol: 'tcp', published: '8080' }]);
    expect(
      oneOffContainerSpec(app, { service: 'web', publish: ['127.0.0.1::9000/udp'] }, SLUG, names)
        .ports,
    ).toEqual([{ target: 9000, protocol: 'udp', hostIp: '127.0.0.1' }]);
    expect(() =>
      oneOffContainerSpec(app, { service: 'web', servicePorts: true, publish: ['1'] }, SLUG, names),
    ).toThrow(/incompatible/);
  });

  it('aliases: only its own name unless --use-aliases', () => {
    const plain = oneOffContainerSpec(app, { service: 'web' }, SLUG, names);
    expect(plain.networks[0]?.aliases).toEqual([plain.name]);
    const aliased = oneOffContainerSpec(app, { service: 'web', useAliases: true }, SLUG, names);
    expect(aliased.networks[0]?.aliases).toEqual([aliased.name, 'web']);
  });

  it('command, entrypoint, env, user, workdir, labels, caps, volumes, name and stdin follow the flags', () => {
    const spec = oneOffContainerSpec(
      app,
      {
        service: 'web',
        entrypoint: ['/bin/sh', '-c'],
        env: ['B=override', 'C=3'],
        user: '1000',
        workingDir: '/work',
        labels: { extra: 'yes' },
        capAdd: ['SYS_TIME'],
        capDrop: ['NET_ADMIN'],
        volumes: ['./data:/data:ro'],
        name: 'custom',
        tty: true,
        interactive: true,
        autoRemove: true,
      },
      SLUG,
      names,
    );
    expect(spec.name).toBe('custom');
    expect(spec.entrypoint).toEqual(['/bin/sh', '-c']);
    expect(spec.command).toEqual([]);
    expect(spec.env).toEqual(['A=1', 'B=override', 'C=3']);
    expect(spec).toMatchObject({ user: '1000', workingDir: '/work', tty: true, stdinOpen: true });
    expect(spec).toMatchObject({ stdinOnce: true, autoRemove: true });
    expect(spec.labels.extra).toBe('yes');
    expect(spec.extra).toMatchObject({ cap_add: ['SYS_TIME'], cap_drop: ['NET_ADMIN'] });
    expect(spec.mounts).toContainEqual(
      expect.objectContaining({
        type: 'bind',
        source: '/srv/app/data',
        target: '/data',
        readOnly: true,
      }),
    );
  });
});

describe('what run starts first', () => {
  it('the dependencies, transitively, not the service itself; none with --no-deps', () => {
    expect(runDependencies(app, 'web', false)).toEqual(['cache', 'db']);
    expect(runDependencies(app, 'web', true)).toEqual([]);
    expect(runDependencies(app, 'db', false)).toEqual([]);
  });

  it("plans the service's network and a wait for a healthy dependency, no container of its own", () => {
    const plan = planRunPrerequisites(app, emptyState(), 'web', upOptions({ services: ['web'] }));
    const ids = plan.actions.map((action) => action.id);
    expect(ids).toContain('network:default');
    expect(ids).toContain('wait:db:healthy');
    expect(ids.some((id) => id.startsWith('container:'))).toBe(false);
    const noDeps = planRunPrerequisites(app, emptyState(), 'web', upOptions({ noDeps: true }));
    expect(noDeps.actions.some((action) => action.type === 'container.wait')).toBe(false);
  });
});
