// kill / pause / unpause run one engine call per container, in parallel, with their own progress lines.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/types.js';
import type { ServiceContainer } from '../../../src/lifecycle/containers.js';
import {
  operate,
  operationJson,
  operationLine,
  type OperationEvent,
} from '../../../src/lifecycle/operate.js';

const web: ServiceContainer = {
  id: 'abc',
  name: 'demo-web-1',
  service: 'web',
  number: 1,
  oneoff: false,
  state: 'running',
};
const db: ServiceContainer = { ...web, id: 'def', name: 'demo-db-1', service: 'db' };

describe('operate', () => {
  it('sends the signal to every container and reports each one', async () => {
    const calls: string[] = [];
    const engine = {
      killContainer: (id: string, signal: string) => {
        calls.push(`${id}:${signal}`);
        return id === 'def' ? Promise.reject(new Error('gone')) : Promise.resolve();
      },
    } as unknown as Engine;
    const events: OperationEvent[] = [];
    const result = await operate(engine, 'kill', [web, db], (e) => events.push(e), {
      signal: 'SIGTERM',
    });
    expect(calls.sort()).toEqual(['abc:SIGTERM', 'def:SIGTERM']);
    expect(result.ok).toBe(false);
    expect(result.failed.map((f) => f.container)).toEqual(['demo-db-1']);
    expect(events.map(operationLine).sort()).toEqual([
      'Container demo-db-1  Error',
      'Container demo-db-1  Killing',
      'Container demo-web-1  Killed',
      'Container demo-web-1  Killing',
    ]);
  });

  it('with dryRun reports every container and calls nothing', async () => {
    const engine = {} as Engine;
    const events: OperationEvent[] = [];
    const result = await operate(engine, 'pause', [web, db], (e) => events.push(e), {
      dryRun: true,
    });
    expect(result.ok).toBe(true);
    expect(events.filter((e) => e.type === 'done').map((e) => e.container.name)).toEqual([
      'demo-web-1',
      'demo-db-1',
    ]);
  });

  it('renders lines and json like the executor renderers', () => {
    const event: OperationEvent = { type: 'done', operation: 'pause', container: web };
    expect(operationLine(event)).toBe('Container demo-web-1  Paused');
    expect(operationJson(event, 5)).toMatchObject({
      type: 'action.done',
      action: 'container.pause',
      resource: { kind: 'container', name: 'demo-web-1' },
      status: 'Paused',
    });
  });
});
