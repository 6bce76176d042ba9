import { describe, expect, it } from 'vitest';
import { checkConsistency } from '../../../src/spec/consistency.js';
import { applyExtends } from '../../../src/spec/extends.js';
import { formatKeyPath } from '../../../src/spec/key-path.js';
import type { ServiceConfig, ServicePort } from '../../../src/spec/model.js';
import { applyProfiles } from '../../../src/spec/profiles.js';
import { buildProject } from './project-builder.js';

// The speed-ups of the loader (grouped port checks, cycle positions in a map,
// profile lookups in place, extends in place) must not change any answer.

function problems(services: Record<string, Partial<ServiceConfig>>): string[] {
  return checkConsistency(buildProject(services), { warn: () => {} }).map(
    (diagnostic) => `${formatKeyPath(diagnostic.path ?? [])}: ${diagnostic.message}`,
  );
}

const port = (published: string, extra: Partial<ServicePort> = {}): ServicePort => ({
  mode: 'ingress',
  target: 80,
  published,
  protocol: 'tcp',
  ...extra,
});

describe('published ports, grouped by protocol and number', () => {
  it('names the earliest clashing service, not the earliest with the same number', () => {
    expect(
      problems({
        a: { image: 'x', ports: [port('8080', { host_ip: '10.0.0.1' })] },
        b: { image: 'x', ports: [port('8080', { host_ip: '10.0.0.2' })] },
        c: { image: 'x', ports: [port('8080', { host_ip: '10.0.0.2' })] },
        d: { image: 'x', ports: [port('8080')] },
      }),
    ).toEqual([
      'services.c.ports[0]: port 8080/tcp is already published by service "b"',
      'services.d.ports[0]: port 8080/tcp is already published by service "a"',
    ]);
  });

  it('the same number on another protocol, or another number, never clashes', () => {
    expect(
      problems({
        a: { image: 'x', ports: [port('53')] },
        b: { image: 'x', ports: [port('53', { protocol: 'udp' }), port('54')] },
      }),
    ).toEqual([]);
  });

  it('a thousand distinct ports give no finding; a repeat at the end is found', () => {
    const services: Record<string, Partial<ServiceConfig>> = {};
    for (let i = 0; i < 1000; i++)
      services[`s${i}`] = { image: 'x', ports: [port(`${20000 + i}`)] };
    expect(problems(services)).toEqual([]);
    services.last = { image: 'x', ports: [port('20500')] };
    expect(problems(services)).toEqual([
      'services.last.ports[0]: port 20500/tcp is already published by service "s500"',
    ]);
  });
});

describe('dependency cycles on long chains', () => {
  const started = { condition: 'service_started' as const, required: true };

  it('a 1000-service chain closed at the end is one cycle, reported once', () => {
    const services: Record<string, Partial<ServiceConfig>> = {};
    for (let i = 0; i < 1000; i++)
      services[`s${i}`] = { image: 'x', depends_on: { [`s${(i + 1) % 1000}`]: started } };
    const found = problems(services);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^services\.s999\.depends_on\.s0: dependency cycle detected: s0 -> s1 -> /,
    );
    expect(found[0]).toMatch(/ -> s999 -> s0$/);
  });

  it('a cycle entered from the middle of a chain starts at its own first service', () => {
    expect(
      problems({
        a: { image: 'x', depends_on: { b: started } },
        b: { image: 'x', depends_on: { c: started } },
        c: { image: 'x', depends_on: { b: started } },
      }),
    ).toEqual(['services.c.depends_on.b: dependency cycle detected: b -> c -> b']);
  });
});

describe('profiles looked up in place', () => {
  it('an enabled service wins over a disabled one of the same name, order kept', () => {
    const project = buildProject(
      { b: { image: 'enabled' }, a: { image: 'x', profiles: ['debug'] } },
      {
        disabledServices: {
          b: { name: 'b', image: 'disabled' },
          c: { name: 'c', image: 'x', profiles: ['debug'] },
        },
      },
    );
    const result = applyProfiles(project, { activeProfiles: [], targetServices: ['c'] });
    expect(Object.keys(result.services)).toEqual(['b', 'a', 'c']);
    expect(result.services.b!.image).toBe('enabled');
    expect(result.disabledServices).toEqual({});
    expect(result.profiles).toEqual(['debug']);
  });

  it('a target named like an Object.prototype member activates nothing', () => {
    const project = buildProject({ a: { image: 'x', profiles: ['p'] } });
    const result = applyProfiles(project, { activeProfiles: [], targetServices: ['constructor'] });
    expect(Object.keys(result.disabledServices)).toEqual(['a']);
    expect(result.profiles).toEqual([]);
  });
});

describe('extends on a model the caller owns', () => {
  const options = {
    file: '/w/compose.yaml',
    warn: () => {},
    loadFile: () => {
      throw new Error('no other file here');
    },
  };
  const model = () => ({
    services: {
      base: { image: 'x', environment: ['A=1'] },
      web: { extends: 'base', environment: ['B=2'] },
    },
  });

  it('resolves in place and gives the same result as the copying path', () => {
    const owned = model();
    const inPlace = applyExtends(owned, { ...options, ownsModel: true });
    const copied = applyExtends(model(), options);
    expect(inPlace).toBe(owned);
    expect(inPlace).toEqual(copied);
    expect(inPlace.services).toEqual({
      base: { image: 'x', environment: ['A=1'] },
      web: { image: 'x', environment: ['A=1', 'B=2'] },
    });
  });

  it('without ownership the input is left untouched', () => {
    const input = model();
    applyExtends(input, options);
    expect(input).toEqual(model());
  });
});
