import { describe, expect, it } from 'vitest';
import { LOG_PALETTE, LogFormatter, shortContainerName } from '../../../src/ui/log-prefix.js';
import { renderAttachEvent } from '../../../src/ui/attached-view.js';

const plain = { colour: false, prefix: true, timestamps: false };

describe('LogFormatter', () => {
  it('pads every prefix to the longest registered container name', () => {
    const formatter = new LogFormatter(plain);
    formatter.register([
      { container: 'demo-web-1', service: 'web' },
      { container: 'demo-worker-1', service: 'worker' },
    ]);
    expect(formatter.line({ container: 'demo-web-1', service: 'web', line: 'hello' })).toBe(
      'web-1     | hello\n',
    );
    expect(formatter.line({ container: 'demo-worker-1', service: 'worker', line: 'x' })).toBe(
      'worker-1  | x\n',
    );
  });

  it('widens the padding when a longer container appears later', () => {
    const formatter = new LogFormatter(plain);
    expect(formatter.line({ container: 'a-1', service: 'a', line: 'x' })).toBe('a-1  | x\n');
    formatter.line({ container: 'abc-1', service: 'abc', line: 'y' });
    expect(formatter.line({ container: 'a-1', service: 'a', line: 'x' })).toBe('a-1    | x\n');
  });

  it('omits the prefix with --no-log-prefix and puts timestamps after it with -t', () => {
    const ts = '2024-01-02T03:04:05.123456789Z';
    expect(
      new LogFormatter({ ...plain, prefix: false }).line({
        container: 'p-web-1',
        service: 'web',
        line: 'hi',
        timestamp: ts,
      }),
    ).toBe('hi\n');
    expect(
      new LogFormatter({ ...plain, timestamps: true }).line({
        container: 'p-web-1',
        service: 'web',
        line: 'hi',
        timestamp: ts,
      }),
    ).toBe(`web-1  | ${ts} hi\n`);
  });

  it('colours each service with the next palette colour, stable for its containers', () => {
    const formatter = new LogFormatter({ ...plain, colour: true });
    formatter.register([
      { container: 'p-b-1', service: 'b' },
      { container: 'p-a-1', service: 'a' },
      { container: 'p-a-2', service: 'a' },
    ]);
    const a1 = formatter.line({ container: 'p-a-1', service: 'a', line: 'x' });
    const a2 = formatter.line({ container: 'p-a-2', service: 'a', line: 'x' });
    const b1 = formatter.line({ container: 'p-b-1', service: 'b', line: 'x' });
    const cyan = '\u001b[36m';
    const yellow = '\u001b[33m';
    expect(LOG_PALETTE.slice(0, 2)).toEqual(['cyan', 'yellow']);
    expect(a1.startsWith(cyan)).toBe(true);
    expect(a2.startsWith(cyan)).toBe(true);
    expect(b1.startsWith(yellow)).toBe(true);
    expect(new LogFormatter(plain).line({ container: 'c', service: 'c', line: 'x' })).not.toContain(
      '\u001b',
    );
  });

  it('prints exits as "<name> exited with code N"', () => {
    const formatter = new LogFormatter(plain);
    expect(formatter.exited('p-one-1', 'one', 3)).toBe('one-1 exited with code 3\n');
    expect(formatter.exited('p-one-1', 'one', 1, true)).toBe(
      'one-1 exited with code 1 (restarting)\n',
    );
  });
});

describe('shortContainerName', () => {
  it('shows the name from the service on, as compose does', () => {
    expect(shortContainerName('demo-web-1', 'web')).toBe('web-1');
    expect(shortContainerName('my-web-app-web-2', 'web')).toBe('web-2');
    expect(shortContainerName('demo-web-run-0123456789ab', 'web')).toBe('web-run-0123456789ab');
    expect(shortContainerName('custom-name', 'web')).toBe('custom-name');
  });
});

describe('renderAttachEvent', () => {
  it('prints the attach list on stdout and the stopping notices on stderr', () => {
    const formatter = new LogFormatter(plain);
    const containers = [
      { id: '1', name: 'p-a-1', service: 'a' },
      { id: '2', name: 'p-bb-1', service: 'bb' },
    ];
    expect(renderAttachEvent(formatter, { kind: 'attaching', containers })).toEqual({
      stdout: 'Attaching to a-1, bb-1\n',
    });
    expect(
      renderAttachEvent(formatter, {
        kind: 'line',
        entry: { container: 'p-a-1', service: 'a', stream: 'combined', line: 'x' },
      }),
    ).toEqual({ stdout: 'a-1   | x\n' });
    expect(renderAttachEvent(formatter, { kind: 'stopping', reason: 'interrupted' })).toEqual({
      stderr: 'Gracefully stopping... (press Ctrl+C again to force)\n',
    });
  });
});
