import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  parseGoDuration,
  parseLogTime,
  timestampSeconds,
} from '../../../src/lifecycle/log-time.js';
import { Channel, readTaggedLines, splitTimestamp } from '../../../src/lifecycle/log-stream.js';

describe('log times', () => {
  const now = Date.parse('2024-01-02T03:04:05Z');

  it('reads Go durations', () => {
    expect(parseGoDuration('42m')).toBe(42 * 60_000);
    expect(parseGoDuration('1h30m')).toBe(90 * 60_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('300ms')).toBe(300);
    expect(parseGoDuration('10')).toBeUndefined();
    expect(parseGoDuration('5 minutes')).toBeUndefined();
  });

  it('reads --since as a duration back from now, a Unix time or a date', () => {
    expect(parseLogTime('--since', '10m', now)).toBe((now - 600_000) / 1000);
    expect(parseLogTime('--since', '1700000000.5', now)).toBe(1700000000.5);
    expect(parseLogTime('--since', '2013-01-02T13:23:37Z', now)).toBe(
      Date.parse('2013-01-02T13:23:37Z') / 1000,
    );
    expect(() => parseLogTime('--until', 'yesterday', now)).toThrow(/invalid --until "yesterday"/);
  });

  it('reads engine timestamps with their sub-millisecond part', () => {
    expect(timestampSeconds('2024-01-02T03:04:05.000000500Z')).toBeCloseTo(now / 1000 + 5e-7, 9);
    expect(timestampSeconds('2024-01-02T03:04:05Z')).toBe(now / 1000);
    expect(timestampSeconds('garbage')).toBeUndefined();
  });
});

describe('log stream parts', () => {
  it('splits the engine timestamp off a line', () => {
    expect(splitTimestamp('2024-01-02T03:04:05.123456789Z hello world')).toEqual({
      timestamp: '2024-01-02T03:04:05.123456789Z',
      text: 'hello world',
    });
    expect(splitTimestamp('no timestamp here')).toEqual({ text: 'no timestamp here' });
    expect(splitTimestamp('2024-01-02T03:04:05Z')).toEqual({
      timestamp: '2024-01-02T03:04:05Z',
      text: '',
    });
  });

  it('splits each stream into lines across chunk boundaries, CRLF included', async () => {
    const chunk = (stream: 'stdout' | 'stderr', text: string) => ({
      stream,
      data: Buffer.from(text),
    });
    const lines: { stream: string; line: string }[] = [];
    const chunks = [
      chunk('stdout', 'a\r\nb'),
      chunk('stderr', 'oops'),
      chunk('stdout', 'c\n'),
      chunk('stderr', '!\n'),
      chunk('stdout', 'last'),
    ];
    for await (const line of readTaggedLines(Readable.from(chunks))) lines.push(line);
    expect(lines).toEqual([
      { stream: 'stdout', line: 'a' },
      { stream: 'stdout', line: 'bc' },
      { stream: 'stderr', line: 'oops!' },
      { stream: 'stdout', line: 'last' },
    ]);
  });

  it('merges producers in arrival order and ends after close', async () => {
    const channel = new Channel<number>();
    channel.push(1);
    setTimeout(() => {
      channel.push(2);
      channel.close();
      channel.push(3);
    }, 5);
    const seen: number[] = [];
    for await (const value of channel) seen.push(value);
    expect(seen).toEqual([1, 2]);
  });

  it('rejects the consumer when a producer fails', async () => {
    const channel = new Channel<number>();
    setTimeout(() => channel.fail(new Error('boom')), 5);
    await expect(channel[Symbol.asyncIterator]().next()).rejects.toThrow('boom');
  });
});
