/**
 * conmon's k8s-file log format, read back for `docker logs` and attach.
 *
 *   2026-11-22T10:43:09.986862785+00:00 stdout F a whole line
 *   2026-11-22T10:43:09.986870000+00:00 stderr P a piece without its newline
 *
 * conmon writes one record per line it read from the container, `F` when
 * the piece ended with a newline (the newline is the record's own), `P` when
 * it did not (a long line split across reads, or output without a final
 * newline; conmon then adds a newline to keep the file line-based). Records
 * of one stream are joined back into lines here. Pure, on Buffers, so
 * multi-byte characters split across records survive.
 */
import type { OutputChunk } from '../ports.js';

export interface LogRecord {
  /** Nanoseconds since the epoch. */
  readonly timeNs: bigint;
  readonly stream: 'stdout' | 'stderr';
  readonly partial: boolean;
  /** The container's bytes: with the newline for `F`, without for `P`. */
  readonly data: Buffer;
}

/** One line of output (or the last unterminated piece), as logs show it. */
export interface LogEntry {
  readonly timeNs: bigint;
  readonly stream: 'stdout' | 'stderr';
  readonly data: Buffer;
}

const TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** RFC 3339 with up to nanoseconds → ns since the epoch; undefined when malformed. */
export function parseTimestamp(text: string): bigint | undefined {
  const match = TIME.exec(text);
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(ms)) return undefined;
  const fraction = (match[2] ?? '').padEnd(9, '0');
  return BigInt(ms) * 1_000_000n + BigInt(fraction);
}

/** ns since the epoch → Docker's fixed-width RFC 3339 (`…T10:43:09.986862785Z`). */
export function formatTimestamp(timeNs: bigint): string {
  const seconds = timeNs / 1_000_000_000n;
  const nanos = timeNs % 1_000_000_000n;
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${base}.${nanos.toString().padStart(9, '0')}Z`;
}

/** Unix seconds (fractional) → ns; 0 stays 0 ("no bound"). */
export function secondsToNs(seconds: number): bigint {
  if (seconds <= 0) return 0n;
  const whole = Math.floor(seconds);
  return BigInt(whole) * 1_000_000_000n + BigInt(Math.round((seconds - whole) * 1e9));
}

const SPACE = 0x20;

/** One record without its trailing newline; undefined for a line that is not one. */
export function parseRecord(line: Buffer): LogRecord | undefined {
  const first = line.indexOf(SPACE);
  const second = first < 0 ? -1 : line.indexOf(SPACE, first + 1);
  if (second < 0 || line.length < second + 2) return undefined;
  const timeNs = parseTimestamp(line.subarray(0, first).toString('latin1'));
  const stream = line.subarray(first + 1, second).toString('latin1');
  const tag = String.fromCharCode(line[second + 1] ?? 0);
  if (timeNs === undefined || (stream !== 'stdout' && stream !== 'stderr')) return undefined;
  if (tag !== 'P' && tag !== 'F') return undefined;
  // "<tag> <text>"; an empty `F` line may end right after the tag.
  const text = line.length > second + 2 ? line.subarray(second + 3) : Buffer.alloc(0);
  const partial = tag === 'P';
  return {
    timeNs,
    stream,
    partial,
    data: partial ? Buffer.from(text) : Buffer.concat([text, Buffer.from('\n')]),
  };
}

/**
 * Splits bytes read from the file into records; the unterminated rest (a
 * record conmon is still writing) is returned for the next read.
 */
export function splitRecords(bytes: Buffer): { records: LogRecord[]; rest: Buffer } {
  const records: LogRecord[] = [];
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (end < 0) break;
    const record = parseRecord(bytes.subarray(start, end));
    if (record) records.push(record);
    start = end + 1;
  }
  return { records, rest: Buffer.from(bytes.subarray(start)) };
}

/** Joins `P` records with the record that completes them, per stream. */
export class LineAssembler {
  private readonly pending = new Map<'stdout' | 'stderr', { timeNs: bigint; parts: Buffer[] }>();

  /** The entries completed by these records, in order of completion. */
  push(records: readonly LogRecord[]): LogEntry[] {
    const entries: LogEntry[] = [];
    for (const record of records) {
      const open = this.pending.get(record.stream);
      if (record.partial) {
        if (open) open.parts.push(record.data);
        else this.pending.set(record.stream, { timeNs: record.timeNs, parts: [record.data] });
        continue;
      }
      if (open) {
        this.pending.delete(record.stream);
        entries.push({
          timeNs: open.timeNs,
          stream: record.stream,
          data: Buffer.concat([...open.parts, record.data]),
        });
      } else {
        entries.push(record);
      }
    }
    return entries;
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Unterminated pieces as entries (the output ended, or waited long enough), oldest first. */
  flush(): LogEntry[] {
    const entries = [...this.pending].map(([stream, open]) => ({
      timeNs: open.timeNs,
      stream,
      data: Buffer.concat(open.parts),
    }));
    this.pending.clear();
    return entries.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  }
}

/** The time window of a query, in ns (0n = unbounded). */
export interface LogWindow {
  readonly sinceNs: bigint;
  readonly untilNs: bigint;
}

export function inWindow(entry: LogEntry, window: LogWindow): boolean {
  return (
    entry.timeNs >= window.sinceNs && (window.untilNs === 0n || entry.timeNs <= window.untilNs)
  );
}

export function pastWindow(entry: LogEntry, window: LogWindow): boolean {
  return window.untilNs !== 0n && entry.timeNs > window.untilNs;
}

/**
 * What a non-following read shows of the entries already there, Docker's
 * way: the last `tail` lines of the log (both streams count), then the time
 * window, then the stream filter.
 */
export function selectEntries(
  entries: readonly LogEntry[],
  query: { stdout: boolean; stderr: boolean; tail: number | 'all' },
  window: LogWindow,
): LogEntry[] {
  const tailed = query.tail === 'all' ? entries : query.tail <= 0 ? [] : entries.slice(-query.tail);
  return tailed.filter((entry) => inWindow(entry, window) && wanted(entry, query));
}

export function wanted(entry: LogEntry, query: { stdout: boolean; stderr: boolean }): boolean {
  return entry.stream === 'stdout' ? query.stdout : query.stderr;
}

export function toChunk(entry: LogEntry): OutputChunk {
  return { stream: entry.stream, data: entry.data, time: formatTimestamp(entry.timeNs) };
}
