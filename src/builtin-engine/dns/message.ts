/**
 * DNS messages (RFC 1035, EDNS per RFC 6891) as plain objects: a parser that
 * refuses malformed input with DnsFormatError (never anything else) and an
 * encoder with name compression. Pure: no sockets, no clock. Names are dotted
 * strings without the trailing dot (see names.ts).
 */
import { formatIPv4, formatIPv6, ipv4Bytes, ipv6Bytes } from './addresses.js';
import { DnsFormatError } from './errors.js';
import { nameLabels, readName } from './names.js';

export const RecordType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  ANY: 255,
} as const;

export const RecordClass = { IN: 1 } as const;

export const Rcode = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
} as const;

export const Opcode = { QUERY: 0 } as const;

export const HEADER_LENGTH = 12;
/** Largest message a UDP client without EDNS accepts. */
export const CLASSIC_UDP_LIMIT = 512;

export interface DnsHeader {
  readonly id: number;
  /** true in responses. */
  readonly qr: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly rcode: number;
}

export interface DnsQuestion {
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

/**
 * `data` is decoded for the types the engine answers or reads: A and AAAA as
 * address text, PTR/CNAME/NS as a name; any other type keeps its raw RDATA.
 * For OPT, `class` is the sender's UDP payload size and `ttl` holds the
 * extended rcode, version and flags.
 */
export interface DnsRecord {
  readonly name: string;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  readonly data: string | Buffer;
}

export interface DnsMessage {
  readonly header: DnsHeader;
  readonly questions: readonly DnsQuestion[];
  readonly answers: readonly DnsRecord[];
  readonly authorities: readonly DnsRecord[];
  readonly additionals: readonly DnsRecord[];
}

// ─── Parsing ─────────────────────────────────────────────────────────────────

export function parseHeader(packet: Buffer): DnsHeader {
  if (packet.length < HEADER_LENGTH) throw new DnsFormatError('message shorter than a header');
  const flags = packet.readUInt16BE(2);
  return {
    id: packet.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    rcode: flags & 0xf,
  };
}

function need(packet: Buffer, offset: number, length: number, what: string): void {
  if (offset + length > packet.length) throw new DnsFormatError(`truncated ${what}`);
}

function readQuestion(packet: Buffer, offset: number): { question: DnsQuestion; next: number } {
  const { name, next } = readName(packet, offset);
  need(packet, next, 4, 'question');
  const question = { name, type: packet.readUInt16BE(next), class: packet.readUInt16BE(next + 2) };
  return { question, next: next + 4 };
}

function readRecord(packet: Buffer, offset: number): { record: DnsRecord; next: number } {
  const { name, next: afterName } = readName(packet, offset);
  need(packet, afterName, 10, 'record header');
  const type = packet.readUInt16BE(afterName);
  const recordClass = packet.readUInt16BE(afterName + 2);
  const ttl = packet.readUInt32BE(afterName + 4);
  const length = packet.readUInt16BE(afterName + 8);
  const start = afterName + 10;
  need(packet, start, length, 'record data');
  const end = start + length;
  const rdata = packet.subarray(start, end);
  let data: string | Buffer;
  if (type === RecordType.A) {
    if (length !== 4) throw new DnsFormatError('A record data is not 4 bytes');
    data = formatIPv4(rdata);
  } else if (type === RecordType.AAAA) {
    if (length !== 16) throw new DnsFormatError('AAAA record data is not 16 bytes');
    data = formatIPv6(rdata);
  } else if (type === RecordType.PTR || type === RecordType.CNAME || type === RecordType.NS) {
    // Read from the whole packet: the name may point back into it.
    const target = readName(packet, start);
    if (target.next !== end) throw new DnsFormatError('name does not fill its record data');
    data = target.name;
  } else {
    data = Buffer.from(rdata);
  }
  return { record: { name, type, class: recordClass, ttl, data }, next: end };
}

export function parseMessage(packet: Buffer): DnsMessage {
  const header = parseHeader(packet);
  const counts = [4, 6, 8, 10].map((at) => packet.readUInt16BE(at)) as [
    number,
    number,
    number,
    number,
  ];
  let offset = HEADER_LENGTH;
  const questions: DnsQuestion[] = [];
  for (let index = 0; index < counts[0]; index++) {
    const { question, next } = readQuestion(packet, offset);
    questions.push(question);
    offset = next;
  }
  const sections: DnsRecord[][] = [[], [], []];
  for (let section = 0; section < 3; section++) {
    for (let index = 0; index < (counts[section + 1] as number); index++) {
      const { record, next } = readRecord(packet, offset);
      (sections[section] as DnsRecord[]).push(record);
      offset = next;
    }
  }
  const [answers, authorities, additionals] = sections as [DnsRecord[], DnsRecord[], DnsRecord[]];
  return { header, questions, answers, authorities, additionals };
}

// ─── Encoding ────────────────────────────────────────────────────────────────

class Writer {
  private readonly chunks: Buffer[] = [];
  length = 0;
  /** Name suffix → offset where it was written, for compression. */
  private readonly suffixes = new Map<string, number>();

  bytes(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }

  uint16(value: number): void {
    const buffer = Buffer.alloc(2);
    buffer.writeUInt16BE(value & 0xffff);
    this.bytes(buffer);
  }

  uint32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(value >>> 0);
    this.bytes(buffer);
  }

  name(name: string): void {
    const labels = nameLabels(name);
    for (let index = 0; index < labels.length; index++) {
      // Exact bytes, not case-folded: a pointer must not change how a name is spelled
      // (resolvers using 0x20 randomization compare the case they sent).
      const key = labels
        .slice(index)
        .map((label) => label.toString('latin1'))
        .join('\0');
      const known = this.suffixes.get(key);
      if (known !== undefined) {
        this.uint16(0xc000 | known);
        return;
      }
      // Pointers carry 14 bits of offset.
      if (this.length < 0x4000) this.suffixes.set(key, this.length);
      const label = labels[index] as Buffer;
      this.bytes(Buffer.from([label.length]));
      this.bytes(label);
    }
    this.bytes(Buffer.from([0]));
  }

  record(record: DnsRecord): void {
    this.name(record.name);
    this.uint16(record.type);
    this.uint16(record.class);
    this.uint32(record.ttl);
    const lengthAt = this.chunks.length;
    this.uint16(0);
    const start = this.length;
    const { data, type } = record;
    if (Buffer.isBuffer(data)) this.bytes(data);
    else if (type === RecordType.A) this.bytes(ipv4Bytes(data));
    else if (type === RecordType.AAAA) this.bytes(ipv6Bytes(data));
    else if (type === RecordType.PTR || type === RecordType.CNAME || type === RecordType.NS) {
      this.name(data);
    } else throw new DnsFormatError(`record type ${type} needs raw data`);
    (this.chunks[lengthAt] as Buffer).writeUInt16BE(this.length - start);
  }

  result(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

export function encodeMessage(message: DnsMessage): Buffer {
  const { header } = message;
  const writer = new Writer();
  writer.uint16(header.id);
  writer.uint16(
    (header.qr ? 0x8000 : 0) |
      ((header.opcode & 0xf) << 11) |
      (header.aa ? 0x0400 : 0) |
      (header.tc ? 0x0200 : 0) |
      (header.rd ? 0x0100 : 0) |
      (header.ra ? 0x0080 : 0) |
      (header.rcode & 0xf),
  );
  const sections = [message.answers, message.authorities, message.additionals];
  for (const count of [message.questions.length, ...sections.map((records) => records.length)]) {
    writer.uint16(count);
  }
  for (const question of message.questions) {
    writer.name(question.name);
    writer.uint16(question.type);
    writer.uint16(question.class);
  }
  for (const records of sections) for (const record of records) writer.record(record);
  return writer.result();
}

/**
 * Encodes `message` in at most `limit` bytes: answers that do not fit are
 * dropped from the end and TC is set, so the client retries over TCP.
 */
export function encodeWithin(message: DnsMessage, limit: number): Buffer {
  let encoded = encodeMessage(message);
  let answers = message.answers;
  while (encoded.length > limit && answers.length > 0) {
    answers = answers.slice(0, -1);
    const header = { ...message.header, tc: true };
    encoded = encodeMessage({ ...message, header, answers, authorities: [] });
  }
  return encoded;
}
