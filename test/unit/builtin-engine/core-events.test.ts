import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../src/builtin-engine/daemon/events/bus.js';
import {
  eventMatches,
  validateEventFilters,
} from '../../../src/builtin-engine/daemon/events/filters.js';
import type { EngineEvent } from '../../../src/builtin-engine/ports.js';

afterEach(() => vi.useRealTimers());

const filters = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

function containerEvent(
  bus: EventBus,
  action: string,
  name = 'web',
  labels: Record<string, string> = {},
) {
  return bus.emit('container', action, {
    id: `${name}-id`,
    attributes: { ...labels, image: 'nginx:latest', name },
  });
}

async function take(stream: AsyncIterable<EngineEvent>, count: number): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  for await (const event of stream) {
    out.push(event);
    if (out.length === count) break;
  }
  return out;
}

describe('event shapes and filters', () => {
  it('builds Engine events with the legacy fields for containers', () => {
    vi.useFakeTimers({ now: new Date('2024-01-01T00:00:01.500Z') });
    const bus = new EventBus();
    const event = containerEvent(bus, 'start', 'web', { app: 'x' });
    expect(event).toEqual({
      status: 'start',
      id: 'web-id',
      from: 'nginx:latest',
      Type: 'container',
      Action: 'start',
      Actor: { ID: 'web-id', Attributes: { app: 'x', image: 'nginx:latest', name: 'web' } },
      scope: 'local',
      time: 1704067201,
      timeNano: 1704067201500 * 1e6,
    });
    const network = bus.emit('network', 'connect', {
      id: 'n1',
      attributes: { container: 'c', name: 'net', type: 'bridge' },
    });
    expect(network).not.toHaveProperty('status');
  });

  it('matches type, event (also before ":"), container, image, label, network, volume', () => {
    const bus = new EventBus();
    const health = containerEvent(bus, 'health_status: healthy', 'db', { tier: 'back' });
    const net = bus.emit('network', 'connect', {
      id: 'n1',
      attributes: { container: 'db-id', name: 'proj_default' },
    });
    const volume = bus.emit('volume', 'create', { id: 'data', attributes: { driver: 'local' } });
    expect(eventMatches(health, filters({ event: ['health_status'] }))).toBe(true);
    expect(eventMatches(health, filters({ event: ['health_status: healthy', 'die'] }))).toBe(true);
    expect(eventMatches(health, filters({ event: ['die'] }))).toBe(false);
    expect(eventMatches(health, filters({ type: ['container'], container: ['db'] }))).toBe(true);
    expect(eventMatches(health, filters({ container: ['db-i'] }))).toBe(true);
    expect(eventMatches(health, filters({ container: ['web'] }))).toBe(false);
    expect(eventMatches(health, filters({ container: ['db-id'] }))).toBe(true);
    expect(eventMatches(health, filters({ image: ['nginx'] }))).toBe(true);
    expect(eventMatches(health, filters({ label: ['tier=back', 'name=db'] }))).toBe(true);
    expect(eventMatches(health, filters({ label: ['tier=front'] }))).toBe(false);
    expect(eventMatches(net, filters({ network: ['proj_default'] }))).toBe(true);
    expect(eventMatches(net, filters({ container: ['db'] }))).toBe(false);
    expect(eventMatches(volume, filters({ volume: ['data'], type: ['volume'] }))).toBe(true);
    expect(eventMatches(volume, filters({ type: ['network'] }))).toBe(false);
    expect(() => validateEventFilters(filters({ colour: [] }))).toThrow("Invalid filter 'colour'");
  });
});

describe('event stream', () => {
  it('streams live events that match, until aborted', async () => {
    const bus = new EventBus();
    const controller = new AbortController();
    containerEvent(bus, 'create', 'old');
    const received = take(
      bus.stream({ filters: filters({ event: ['start'] }) }, controller.signal),
      2,
    );
    containerEvent(bus, 'create', 'a');
    containerEvent(bus, 'start', 'a');
    containerEvent(bus, 'start', 'b');
    expect((await received).map((e) => e.Actor.Attributes.name)).toEqual(['a', 'b']);
    const pending = take(bus.stream({ filters: new Map() }, controller.signal), 5);
    controller.abort();
    expect(await pending).toEqual([]);
  });

  it('replays history from since, and ends at until', async () => {
    vi.useFakeTimers({ now: new Date('2024-01-01T00:00:00Z') });
    const bus = new EventBus(3);
    const t0 = Date.now() / 1000;
    for (const name of ['a', 'b', 'c', 'd']) {
      containerEvent(bus, 'create', name);
      vi.advanceTimersByTime(1000);
    }
    const signal = new AbortController().signal;
    // history holds the last 3 (b, c, d) at t0+1, t0+2, t0+3
    const past = await take(
      bus.stream({ since: t0 + 2, until: t0 + 3, filters: new Map() }, signal),
      10,
    );
    expect(past.map((e) => e.Actor.Attributes.name)).toEqual(['c', 'd']);
    const untilOnly = await take(bus.stream({ until: t0 + 1.5, filters: new Map() }, signal), 10);
    expect(untilOnly.map((e) => e.Actor.Attributes.name)).toEqual(['b']);
    // history then live, then the stream closes when `until` passes
    const live = take(bus.stream({ since: t0 + 3, until: t0 + 6, filters: new Map() }, signal), 10);
    containerEvent(bus, 'start', 'e');
    await vi.advanceTimersByTimeAsync(3000);
    expect((await live).map((e) => e.Actor.Attributes.name)).toEqual(['d', 'e']);
  });

  it('refuses bad filters before streaming', async () => {
    const bus = new EventBus();
    await expect(
      take(bus.stream({ filters: filters({ bogus: ['x'] }) }, new AbortController().signal), 1),
    ).rejects.toMatchObject({
      status: 400,
    });
  });
});
