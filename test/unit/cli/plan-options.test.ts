import { describe, expect, it } from 'vitest';
import { downPlanOptions, parseScale, upPlanOptions } from '../../../src/cli/plan-options.js';
import { ComposeError } from '../../../src/spec/diagnostics.js';

const base = { services: [], scale: {}, now: 0 };

describe('up/down flags as planner options', () => {
  it('parses --scale SERVICE=N, rejecting anything else with exit 16', () => {
    expect(parseScale(['web=3', 'worker=0'])).toEqual({ web: 3, worker: 0 });
    for (const bad of ['web', 'web=x', '=2', 'web=-1']) {
      expect(() => parseScale([bad])).toThrow(`invalid --scale "${bad}": expected SERVICE=NUMBER`);
    }
    try {
      parseScale(['web']);
    } catch (error) {
      expect((error as ComposeError).exitCode).toBe(16);
    }
  });

  it("passes --build, --no-build and --pull to the planner; --pull policy keeps each service's", () => {
    expect(upPlanOptions({ ...base, build: true })).toMatchObject({ build: 'always' });
    expect(upPlanOptions({ ...base, 'no-build': true })).toMatchObject({ build: 'never' });
    expect(upPlanOptions({ ...base, pull: 'always' }).pull).toBe('always');
    expect(upPlanOptions({ ...base, pull: 'never' }).pull).toBe('never');
    expect(upPlanOptions({ ...base, pull: 'policy' }).pull).toBeUndefined();
    expect(() => upPlanOptions({ ...base, build: true, 'no-build': true })).toThrow(
      '--build and --no-build are incompatible',
    );
  });

  it('maps recreate flags like docker compose', () => {
    expect(upPlanOptions(base)).toMatchObject({
      recreate: 'diverged',
      recreateDependencies: 'diverged',
      build: 'auto',
    });
    expect(upPlanOptions({ ...base, 'force-recreate': true })).toMatchObject({
      recreate: 'force',
      recreateDependencies: 'diverged',
    });
    expect(upPlanOptions({ ...base, 'renew-anon-volumes': true })).toMatchObject({
      recreate: 'force',
      renewAnonVolumes: true,
    });
    expect(upPlanOptions({ ...base, 'always-recreate-deps': true })).toMatchObject({
      recreateDependencies: 'force',
    });
    expect(upPlanOptions({ ...base, 'no-recreate': true })).toMatchObject({
      recreate: 'never',
      recreateDependencies: 'never',
    });
    expect(upPlanOptions({ ...base, build: true }).build).toBe('always');
    expect(upPlanOptions({ ...base, 'no-build': true }).build).toBe('never');
  });

  it.each([
    [
      { 'force-recreate': true, 'no-recreate': true },
      '--force-recreate and --no-recreate are incompatible',
    ],
    [{ build: true, 'no-build': true }, '--build and --no-build are incompatible'],
    [
      { 'always-recreate-deps': true, 'no-recreate': true },
      '--always-recreate-deps and --no-recreate are incompatible',
    ],
  ])('rejects %j', (flags, message) => {
    expect(() => upPlanOptions({ ...base, ...flags })).toThrow(message);
  });

  it('down: -v, --rmi, --remove-orphans, -t', () => {
    expect(downPlanOptions({ services: ['web'], volumes: true, rmi: 'local', timeout: 3 })).toEqual(
      {
        kind: 'down',
        services: ['web'],
        removeOrphans: false,
        volumes: true,
        rmi: 'local',
        timeoutSeconds: 3,
      },
    );
    expect(downPlanOptions({ services: [], rmi: 'bogus' }).rmi).toBeUndefined();
  });
});
