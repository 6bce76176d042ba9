import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogQuery, OutputChunk } from '../../../src/builtin-engine/ports.js';
import {
  LineAssembler,
  formatTimestamp,
  parseRecord,
  parseTimestamp,
  readLogFile,
  selectEntries,
  splitRecords,
  type LogEntry,
} from '../../../src/builtin-engine/runtime/index.js';
import { secondsToNs } from '../../../src/builtin-engine/runtime/k8s-log.js';

const T0 = '2026-11-22T10:43:09';
const at = (second: number, nanos = 0): string =>
  `2026-11-22T10:43:${String(9 + second).padStart(2, '0')}.${String(nanos).padStart(9, '0')}+00:00`;
const line = (second: number, stream: string, tag: string, text: string): string =>
  `${at(second)} ${stream} ${tag} ${text}\n`;
const ns = (text: string): bigint => parseTimestamp(text) as bigint;
const show = (entries: readonly LogEntry[]) =>
  entries.map((entry) => [entry.stream, entry.data.toString()]);

describe('k8s-file timestamps', () => {
  it('parses conmon’s RFC 3339 with nanoseconds and an offset', () => {
    expect(parseTimestamp(`${T0}.986862785+00:00`)).toBe(
      BigInt(Date.parse(`${T0}Z`)) * 1_000_000n + 986_862_785n,
    );
    expect(parseTimestamp(`${T0}.5Z`)).toBe(
      BigInt(Date.parse(`${T0}Z`)) * 1_000_000n + 500_000_000n,
    );
    expect(parseTimestamp(`${T0}+02:00`)).toBe(
      BigInt(Date.parse(`${T0}Z`) - 2 * 3600_000) * 1_000_000n,
    );
    expect(parseTimestamp('yesterday')).toBeUndefined();
    expect(parseTimestamp(`${T0}.1234567890Z`)).toBeUndefined();
  });

  it('formats Docker’s fixed nine-digit UTC form, and converts query seconds', () => {
    expect(formatTimestamp(ns(`${T0}.000000001+00:00`))).toBe(`${T0}.000000001Z`);
    expect(formatTimestamp(ns(`${T0}.986862785+01:00`))).toBe('2026-11-22T09:43:09.986862785Z');
    expect(secondsToNs(0)).toBe(0n);
    expect(secondsToNs(1.5)).toBe(1_500_000_000n);
  });
});

describe('k8s-file records', () => {
  it('parses F and P records of both streams', () => {
    expect(parseRecord(Buffer.from(`${at(0)} stdout F hello world`))).toMatchObject({
      stream: 'stdout',
      partial: false,
      data: Buffer.from('hello world\n'),
    });
    expect(parseRecord(Buffer.from(`${at(0)} stderr P no newline`))).toMatchObject({
      stream: 'stderr',
      partial: true,
      data: Buffer.from('no newline'),
    });
    // An empty line: conmon writes the tag and its space.
    expect(parseRecord(Buffer.from(`${at(0)} stdout F `))?.data).toEqual(Buffer.from('\n'));
    expect(parseRecord(Buffer.from(`${at(0)} stdout F`))?.data).toEqual(Buffer.from('\n'));
  });

  it('ignores lines that are not records', () => {
    for (const bad of [
      '',
      'garbage',
      `${at(0)} stdin F x`,
      `${at(0)} stdout X x`,
      `nope stdout F x`,
    ]) {
      expect(parseRecord(Buffer.from(bad))).toBeUndefined();
    }
  });

  it('keeps the unterminated tail of a read for the next one', () => {
    const full = line(0, 'stdout', 'F', 'one') + line(1, 'stdout', 'F', 'two');
    const cut = full.length - 5;
    const first = splitRecords(Buffer.from(full.slice(0, cut)));
    expect(first.records).toHaveLength(1);
    const second = splitRecords(Buffer.concat([first.rest, Buffer.from(full.slice(cut))]));
    expect(second.records.map((record) => record.data.toString())).toEqual(['two\n']);
    expect(second.rest).toHaveLength(0);
  });

  it('joins partial pieces per stream, keeping multi-byte characters whole', () => {
    const euro = Buffer.from('€');
    const bytes = Buffer.concat([
      Buffer.from(`${at(0)} stdout P abc`),
      euro.subarray(0, 1),
      Buffer.from('\n'),
      Buffer.from(line(1, 'stderr', 'F', 'interleaved')),
      Buffer.from(`${at(2)} stdout F `),
      euro.subarray(1),
      Buffer.from('def\n'),
    ]);
    const assembler = new LineAssembler();
    const entries = assembler.push(splitRecords(bytes).records);
    expect(show(entries)).toEqual([
      ['stderr', 'interleaved\n'],
      ['stdout', 'abc€def\n'],
    ]);
    // The joined line carries the time of its first piece.
    expect(entries[1]?.timeNs).toBe(ns(at(0)));
    expect(assembler.hasPending).toBe(false);
  });

  it('flushes unterminated pieces in time order', () => {
    const assembler = new LineAssembler();
    expect(
      assembler.push(
        splitRecords(Buffer.from(line(1, 'stdout', 'P', 'out') + line(0, 'stderr', 'P', 'err')))
          .records,
      ),
    ).toEqual([]);
    expect(assembler.hasPending).toBe(true);
    expect(show(assembler.flush())).toEqual([
      ['stderr', 'err'],
      ['stdout', 'out'],
    ]);
    expect(assembler.flush()).toEqual([]);
  });
});

describe('selectEntries', () => {
  const entries: LogEntry[] = [0, 1, 2, 3, 4].map((second) => ({
    timeNs: ns(at(second)),
    stream: second % 2 === 0 ? 'stdout' : 'stderr',
    data: Buffer.from(`l${second}\n`),
  }));
  const both = { stdout: true, stderr: true, tail: 'all' as const };
  const none = { sinceNs: 0n, untilNs: 0n };
  const texts = (list: LogEntry[]) => list.map((entry) => entry.data.toString().trim());

  it('tails over both streams, then filters the stream (Docker’s order)', () => {
    expect(texts(selectEntries(entries, { ...both, tail: 2 }, none))).toEqual(['l3', 'l4']);
    expect(texts(selectEntries(entries, { ...both, stderr: false, tail: 2 }, none))).toEqual([
      'l4',
    ]);
    expect(selectEntries(entries, { ...both, tail: 0 }, none)).toEqual([]);
    expect(texts(selectEntries(entries, { ...both, tail: 99 }, none))).toHaveLength(5);
  });

  it('keeps since ≤ t ≤ until', () => {
    expect(texts(selectEntries(entries, both, { sinceNs: ns(at(1)), untilNs: ns(at(3)) }))).toEqual(
      ['l1', 'l2', 'l3'],
    );
    expect(texts(selectEntries(entries, both, { sinceNs: ns(at(3)) + 1n, untilNs: 0n }))).toEqual([
      'l4',
    ]);
  });
});

describe('readLogFile', () => {
  let dir: string;
  let path: string;
  const query: LogQuery = {
    stdout: true,
    stderr: true,
    follow: false,
    since: 0,
    until: 0,
    tail: 'all',
    timestamps: false,
  };
  const read = async (
    q: Partial<LogQuery>,
    options: Parameters<typeof readLogFile>[3] = {},
    signal = new AbortController().signal,
  ): Promise<OutputChunk[]> => {
    const chunks: OutputChunk[] = [];
    for await (const chunk of readLogFile(path, { ...query, ...q }, signal, options))
      chunks.push(chunk);
    return chunks;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tscompose-runtime-logs-'));
    path = join(dir, 'ctr.log');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads nothing from a missing log', async () => {
    expect(await read({})).toEqual([]);
  });

  it('reads lines with their stream and time; an unterminated piece shows as is', async () => {
    await writeFile(
      path,
      line(0, 'stdout', 'F', 'a') +
        line(1, 'stderr', 'P', 'b1') +
        line(2, 'stderr', 'F', 'b2') +
        line(3, 'stdout', 'P', 'prompt> '),
    );
    const chunks = await read({});
    expect(chunks.map((chunk) => [chunk.stream, chunk.data.toString(), chunk.time])).toEqual([
      ['stdout', 'a\n', `${T0}.000000000Z`],
      ['stderr', 'b1b2\n', '2026-11-22T10:43:10.000000000Z'],
      ['stdout', 'prompt> ', '2026-11-22T10:43:12.000000000Z'],
    ]);
    expect(
      (await read({ since: Date.parse(`${T0}Z`) / 1000 + 1.5 })).map((c) => c.data.toString()),
    ).toEqual(['prompt> ']);
  });

  it('follows appended output until `finished`, joining pieces written in two goes', async () => {
    await writeFile(path, line(0, 'stdout', 'F', 'before'));
    let finished = false;
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const chunk of readLogFile(
        path,
        { ...query, follow: true, tail: 1 },
        new AbortController().signal,
        {
          finished: async () => finished,
          pollMs: 20,
        },
      )) {
        chunks.push(chunk.data.toString());
      }
    })();
    await sleep(50);
    await appendFile(path, line(1, 'stdout', 'F', 'after'));
    // A record cut in the middle of its timestamp, then completed.
    const record = line(2, 'stderr', 'F', 'cut');
    await appendFile(path, record.slice(0, 10));
    await sleep(60);
    await appendFile(path, record.slice(10));
    await sleep(60);
    await appendFile(path, line(3, 'stdout', 'F', 'last'));
    finished = true;
    await reading;
    expect(chunks).toEqual(['before\n', 'after\n', 'cut\n', 'last\n']);
  });

  it('shows a waiting partial line (a prompt) while following, and stops on abort', async () => {
    await writeFile(path, '');
    const controller = new AbortController();
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const chunk of readLogFile(path, { ...query, follow: true }, controller.signal, {
        pollMs: 20,
      })) {
        chunks.push(chunk.data.toString());
      }
    })();
    await appendFile(path, line(0, 'stdout', 'P', 'Name? '));
    const deadline = Date.now() + 2000;
    while (chunks.length === 0 && Date.now() < deadline) await sleep(10);
    expect(chunks).toEqual(['Name? ']);
    controller.abort();
    await reading;
  });

  it('waits for a log that does not exist yet', async () => {
    let finished = false;
    const reading = read({ follow: true }, { finished: async () => finished, pollMs: 20 });
    await sleep(50);
    await writeFile(path, line(0, 'stdout', 'F', 'late'));
    await sleep(50);
    finished = true;
    expect((await reading).map((chunk) => chunk.data.toString())).toEqual(['late\n']);
  });

  it('stops following at the first line after `until`', async () => {
    await writeFile(path, line(0, 'stdout', 'F', 'in') + line(5, 'stdout', 'F', 'out'));
    const until = Date.parse(`${T0}Z`) / 1000 + 2;
    const chunks = await read({ follow: true, until }, { pollMs: 20 });
    expect(chunks.map((chunk) => chunk.data.toString())).toEqual(['in\n']);
  });
});
