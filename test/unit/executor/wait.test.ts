import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/executor/index.js';
import type { ApplyOptions, ExecutorEvent } from '../../../src/executor/types.js';
import type { Action } from '../../../src/planner/types.js';
import { describe as line, plan, PROJECT, start, tick, wait } from './builders.js';
import { FakeEngine, type FakeContainer } from './fake-engine.js';

const serviceLabels = (service: string) => ({
  'com.docker.compose.project': PROJECT,
  'com.docker.compose.service': service,
  'com.docker.compose.oneoff': 'False',
});

function withService(service: string, state: Partial<FakeContainer> = {}): FakeEngine {
  const fake = new FakeEngine();
  fake.addContainer({
    id: `${service}-id`,
    name: `${PROJECT}-${service}-1`,
    labels: serviceLabels(service),
    state: 'running',
    ...state,
  });
  fake.addContainer({ name: `${PROJECT}-web-1`, labels: {}, state: 'created' });
  return fake;
}

/** The wait (with its start already done outside the plan) and a dependent start after it. */
async function apply(fake: FakeEngine, waitAction: Action, options: Partial<ApplyOptions> = {}) {
  const events: ExecutorEvent[] = [];
  const dependent = start('web', [waitAction.id]);
  const result = await applyPlan(plan([{ ...waitAction, after: [] }, dependent]), fake.asEngine(), {
    parallel: -1,
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { result, lines: events.map(line) };
}

const laterNs = Date.UTC(2026, 0, 2) * 1e6;

describe('container.wait', () => {
  it('fails with the root cause on an unhealthy event and skips the dependent once', async () => {
    const fake = withService('db', { health: 'starting' });
    fake.gate = async (method) => {
      if (method === 'inspectContainer')
        setTimeout(
          () => fake.emit({ id: 'db-id', action: 'health_status: unhealthy', timeNano: laterNs }),
          5,
        );
    };
    const { result, lines } = await apply(fake, wait('db', 'service_healthy'));
    expect(result.ok).toBe(false);
    expect(lines.filter((l) => !l.startsWith('start'))).toEqual([
      'fail wait:db: db failed to become healthy',
      'skip container:web:1:start (wait:db) db failed to become healthy',
    ]);
  });

  it('subscribes before inspecting: a healthy event during the inspect is not missed', async () => {
    const fake = withService('db', { health: 'starting' });
    fake.gate = async (method) => {
      if (method === 'inspectContainer') {
        expect(fake.subscriptions).toBe(1);
        fake.emit({ id: 'db-id', action: 'health_status: healthy', timeNano: laterNs });
      }
    };
    const { result } = await apply(fake, wait('db', 'service_healthy'));
    expect(result.ok).toBe(true);
    expect(result.done).toEqual(['wait:db', 'container:web:1:start']);
  });

  it('ignores events older than the current run (a replayed healthy of an earlier start)', async () => {
    const fake = withService('db', { health: 'starting' });
    fake.gate = async (method) => {
      if (method !== 'inspectContainer') return;
      setTimeout(() => {
        fake.emit({ id: 'db-id', action: 'health_status: healthy', timeNano: 1 });
        fake.emit({ id: 'db-id', action: 'health_status: unhealthy', timeNano: laterNs });
      }, 5);
    };
    const { result } = await apply(fake, wait('db', 'service_healthy'));
    expect(result.failed.map((f) => f.error.message)).toEqual(['db failed to become healthy']);
  });

  it('is satisfied at once by the inspected state', async () => {
    const { result } = await apply(
      withService('db', { health: 'healthy' }),
      wait('db', 'service_healthy'),
    );
    expect(result.ok).toBe(true);
  });

  it('service_completed_successfully: exit 0 passes, a non-zero exit is the root cause', async () => {
    const ok = withService('migrate');
    ok.gate = async (method) => {
      if (method === 'inspectContainer')
        setTimeout(
          () =>
            ok.emit({
              id: 'migrate-id',
              action: 'die',
              attributes: { exitCode: '0' },
              timeNano: laterNs,
            }),
          5,
        );
    };
    expect((await apply(ok, wait('migrate', 'service_completed_successfully'))).result.ok).toBe(
      true,
    );

    const bad = withService('migrate', { state: 'exited', exitCode: 1 });
    const { lines } = await apply(bad, wait('migrate', 'service_completed_successfully'));
    expect(lines).toContain('fail wait:migrate: migrate exited with code 1');
  });

  it('a dependency that is not required only warns', async () => {
    const fake = withService('db', { health: 'unhealthy' });
    const { result, lines } = await apply(fake, wait('db', 'service_healthy', false));
    expect(result.ok).toBe(true);
    expect(lines).toContain(
      'warning db failed to become healthy; continuing because db is not required',
    );
  });

  it('honours waitTimeoutMs with the injected clock', async () => {
    let time = 0;
    const fake = withService('db', { health: 'starting' });
    fake.gate = async (method) => {
      if (method === 'inspectContainer') time = 10_000;
    };
    const { result } = await apply(fake, wait('db', 'service_healthy'), {
      waitTimeoutMs: 5_000,
      now: () => time,
    });
    expect(result.failed.map((f) => f.error.message)).toEqual([
      'db did not become healthy within 5000 ms',
    ]);
  });

  it('a cancelled run aborts the wait', async () => {
    const controller = new AbortController();
    const fake = withService('db', { health: 'starting' });
    fake.gate = async (method) => {
      if (method === 'inspectContainer') setTimeout(() => controller.abort(), 5);
    };
    const { result, lines } = await apply(fake, wait('db', 'service_healthy'), {
      signal: controller.signal,
    });
    await tick();
    expect(result.ok).toBe(false);
    expect(lines).toContain('skip container:web:1:start (cancelled) cancelled');
  });
});
