import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApplyResult } from '../../../src/executor/types.js';
import { progressRenderer, type ProgressOutput } from '../../../src/ui/progress/index.js';
import { ttyRenderer } from '../../../src/ui/progress/tty.js';
import {
  ANSI,
  clock,
  createWeb,
  fakeTerminal,
  network,
  startWeb,
  waitDb,
} from './progress-fixtures.js';

const okResult = (done: string[]): ApplyResult => ({ ok: true, done, failed: [], skipped: [] });

function view(options: { colour?: boolean; columns?: number } = {}) {
  const terminal = fakeTerminal({ columns: options.columns ?? 80 });
  const time = clock();
  const err: string[] = [];
  const renderer = ttyRenderer({
    stream: terminal.stream,
    err: (text) => err.push(text),
    colour: options.colour ?? false,
    now: time.now,
  });
  return { terminal, time, err, renderer };
}

/** The final frame's lines with runs of spaces squeezed, so a test states content, not padding. */
function squeezed(screen: string): string[] {
  return screen
    .trimEnd()
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, '  ').trimEnd());
}

afterEach(() => {
  vi.useRealTimers();
});

describe('tty progress view', () => {
  it('ends with one line per resource, its final status and its elapsed time', () => {
    const { terminal, time, err, renderer } = view();
    renderer.event({ type: 'action.start', action: network });
    time.advance(120);
    renderer.event({ type: 'action.done', action: network, durationMs: 120 });
    renderer.event({ type: 'action.start', action: createWeb });
    renderer.event({ type: 'action.start', action: waitDb });
    time.advance(300);
    renderer.event({ type: 'action.done', action: createWeb, durationMs: 300 });
    time.advance(1500);
    renderer.event({ type: 'action.done', action: waitDb, durationMs: 1800 });
    renderer.event({ type: 'action.start', action: startWeb });
    time.advance(400);
    renderer.event({ type: 'action.done', action: startWeb, durationMs: 400 });
    renderer.finish(okResult([network.id, createWeb.id, waitDb.id, startWeb.id]));

    expect(squeezed(terminal.finalScreen())).toEqual([
      '[+] Running 3/3',
      ' ✔ Network demo_default  Created  0.1s',
      // One line for the container: created, then started; timed from its first event.
      ' ✔ Container demo-web-1  Started  2.2s',
      ' ✔ Service db  Healthy  1.8s',
    ]);
    expect(err).toEqual([]);
  });

  it('lines statuses up and puts the timer at the right edge, within the width', () => {
    const { terminal, time, renderer } = view({ columns: 60 });
    renderer.event({ type: 'action.start', action: network });
    renderer.event({ type: 'action.start', action: createWeb });
    time.advance(50);
    renderer.event({ type: 'action.done', action: network, durationMs: 50 });
    renderer.event({ type: 'action.done', action: createWeb, durationMs: 50 });
    renderer.finish(okResult([]));
    const lines = terminal.finalScreen().trimEnd().split('\n').slice(1);
    expect(lines.map((line) => line.indexOf('Created'))).toEqual([25, 25]);
    expect(lines.every((line) => line.length === 59 && line.endsWith('0.1s'))).toBe(true);
  });

  it('shows Error and the message on the failing line, Skipped and the reason on its dependents', () => {
    const { terminal, time, err, renderer } = view();
    const error = new Error('db failed to become healthy');
    renderer.event({ type: 'action.start', action: waitDb });
    time.advance(2000);
    renderer.event({ type: 'action.fail', action: waitDb, error });
    renderer.event({
      type: 'action.skip',
      action: startWeb,
      cause: waitDb.id,
      reason: 'db failed to become healthy',
    });
    renderer.finish({
      ok: false,
      done: [],
      failed: [{ id: waitDb.id, error }],
      skipped: [startWeb.id],
    });
    expect(squeezed(terminal.finalScreen())).toEqual([
      '[+] Running 2/2',
      ' ✘ Service db  Error db failed to become healthy  2.0s',
      ' ! Container demo-web-1  Skipped db failed to become healthy  0.0s',
    ]);
    // The summary comes after the final frame, on stderr.
    expect(err.join('')).toBe(
      'error: wait:db: db failed to become healthy\nskipped: container:web:1:start\n',
    );
  });

  it('cuts long details so every resource keeps one line', () => {
    const { terminal, renderer } = view({ columns: 50 });
    renderer.event({ type: 'action.start', action: createWeb });
    renderer.event({
      type: 'action.fail',
      action: createWeb,
      error: new Error(`Conflict. The container name is already in use ${'x'.repeat(80)}`),
    });
    renderer.finish(okResult([]));
    const lines = terminal.finalScreen().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Error Conflict.');
    expect(lines[1]).toContain('…');
    expect(lines[1]?.length).toBeLessThan(50);
  });

  it('spins and counts time while a resource works, redrawn on its own', () => {
    vi.useFakeTimers();
    const terminal = fakeTerminal();
    const time = clock();
    const renderer = ttyRenderer({
      stream: terminal.stream,
      err: () => undefined,
      colour: false,
      now: time.now,
    });
    renderer.event({ type: 'action.start', action: waitDb });
    expect(terminal.text()).toContain('⠋ Service db  Waiting');
    time.advance(1300);
    vi.advanceTimersByTime(100);
    expect(terminal.text()).toMatch(/⠙ Service db {2}Waiting +1\.3s/);
    expect(terminal.text()).toContain('[+] Running 0/1');
    renderer.close();
    vi.advanceTimersByTime(1000);
    const written = terminal.text().length;
    vi.advanceTimersByTime(1000);
    expect(terminal.text().length).toBe(written);
  });

  it('draws live frames on a terminal that reports no size (a pty without a window)', () => {
    const terminal = fakeTerminal({ columns: 0, rows: 0 });
    const renderer = ttyRenderer({ stream: terminal.stream, err: () => undefined, colour: false });
    renderer.event({ type: 'action.start', action: network });
    expect(terminal.text()).toContain('[+] Running 0/1');
    expect(terminal.text()).toContain('Network demo_default  Creating');
    renderer.close();
  });

  it('prints warnings and notes above the frame, where they stay', () => {
    const { terminal, renderer } = view();
    renderer.event({ type: 'action.start', action: network });
    renderer.event({ type: 'warning', message: 'service web: cpu_count is ignored' });
    renderer.note('Interrupted: finishing what is in flight\n');
    renderer.event({ type: 'action.done', action: network, durationMs: 1 });
    renderer.finish(okResult([]));
    const output = terminal.text();
    expect(output).toContain('warning: service web: cpu_count is ignored\n');
    expect(output).toContain('Interrupted: finishing what is in flight\n');
    expect(squeezed(terminal.finalScreen())).toEqual([
      '[+] Running 1/1',
      ' ✔ Network demo_default  Created  0.0s',
    ]);
  });

  it('writes no colour codes in the frame when colour is off, and colours statuses when on', () => {
    for (const colour of [false, true]) {
      const { terminal, renderer } = view({ colour });
      renderer.event({ type: 'action.start', action: network });
      renderer.event({ type: 'action.done', action: network, durationMs: 1 });
      renderer.finish(okResult([]));
      const screen = terminal.finalScreen();
      if (colour) expect(screen).toContain('\u001b[32mCreated\u001b[39m');
      else expect(screen).not.toMatch(ANSI);
    }
  });

  it('prints nothing when no event came, and close after finish adds nothing', () => {
    const { terminal, renderer } = view();
    renderer.finish(okResult([]));
    renderer.close();
    expect(terminal.text()).toBe('');
  });
});

describe('choosing the renderer', () => {
  function output(
    terminalOptions: { isTTY?: boolean },
    extra: Partial<Omit<ProgressOutput, 'terminal' | 'streams'>> = {},
  ) {
    const terminal = fakeTerminal(terminalOptions);
    const out: string[] = [];
    const progress: ProgressOutput = {
      streams: { out: (text) => out.push(text), err: (text) => out.push(text) },
      terminal: terminal.stream,
      env: {},
      ansi: 'auto',
      ...extra,
    };
    return { progress, out, terminal };
  }

  async function drive(mode: 'auto' | 'tty', setup: ReturnType<typeof output>) {
    const renderer = await progressRenderer(mode, setup.progress);
    renderer.event({ type: 'action.start', action: network });
    renderer.event({ type: 'action.done', action: network, durationMs: 1 });
    renderer.finish(okResult([]));
  }

  it('auto draws the TTY view on a terminal', async () => {
    const setup = output({ isTTY: true });
    await drive('auto', setup);
    expect(setup.out).toEqual([]);
    expect(setup.terminal.finalScreen()).toContain('\u001b[32m✔\u001b[39m Network demo_default');
  });

  it('auto prints plain lines when stderr is not a terminal, or TERM is dumb, or ANSI is off', async () => {
    const cases = [
      output({ isTTY: false }),
      output({ isTTY: true }, { env: { TERM: 'dumb' } }),
      output({ isTTY: true }, { ansi: 'never' }),
    ];
    for (const setup of cases) {
      await drive('auto', setup);
      expect(setup.terminal.text()).toBe('');
      expect(setup.out.join('')).toBe(
        'Network demo_default  Creating\nNetwork demo_default  Created\n',
      );
      expect(setup.out.join('')).not.toMatch(ANSI);
    }
  });

  it('tty forces the view even off a terminal, without colour there', async () => {
    const setup = output({ isTTY: false });
    await drive('tty', setup);
    expect(setup.out).toEqual([]);
    expect(setup.terminal.finalScreen()).toContain('✔ Network demo_default');
    expect(setup.terminal.finalScreen()).not.toMatch(ANSI);
  });

  it('NO_COLOR keeps the view but drops its colours', async () => {
    const setup = output({ isTTY: true }, { env: { NO_COLOR: '1' } });
    await drive('auto', setup);
    expect(setup.terminal.finalScreen()).toContain('✔ Network demo_default');
    expect(setup.terminal.finalScreen()).not.toMatch(ANSI);
  });
});
