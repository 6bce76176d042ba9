/**
 * What the responder does with one incoming packet: answer from the
 * network's names, forward to the host's resolvers, or drop. Pure, so every
 * rule is unit-tested without sockets; server.ts does the I/O.
 *
 * Rules (Docker's embedded DNS behaves the same way where it has a rule):
 * - known name: A/AAAA answers of that family, TTL 0 so clients never cache a
 *   container's address across recreates; a known name with no address of
 *   the asked family or another type → empty NOERROR, because NXDOMAIN would
 *   make resolvers give up on the A query too, and silence makes them wait;
 * - PTR of a known address → the name; anything else is forwarded;
 * - malformed query → FORMERR; another opcode → NOTIMP; responses → dropped.
 */
import { addressOfReverseName } from './addresses.js';
import { DnsFormatError } from './errors.js';
import {
  CLASSIC_UDP_LIMIT,
  HEADER_LENGTH,
  Opcode,
  Rcode,
  RecordClass,
  RecordType,
  parseHeader,
  parseMessage,
  type DnsMessage,
  type DnsRecord,
} from './message.js';
import { isIPv4 } from 'node:net';
import type { NameTable } from './table.js';

/** The UDP payload size this responder advertises and accepts at most (the DNS flag day value). */
export const EDNS_PAYLOAD = 1232;
const TCP_LIMIT = 65535;

export type Decision =
  | { readonly kind: 'drop' }
  | { readonly kind: 'reply'; readonly message: DnsMessage; readonly limit: number }
  /** Relay the packet as is; `failure` is the answer when no upstream answers. */
  | { readonly kind: 'forward'; readonly failure: DnsMessage; readonly limit: number };

export type Transport = 'udp' | 'tcp';

/** An answer to `query` with `rcode`, echoing its id, question, RD flag and EDNS presence. */
export function replyTo(
  query: DnsMessage,
  rcode: number,
  answers: readonly DnsRecord[] = [],
  authoritative = false,
): DnsMessage {
  const edns = query.additionals.some((record) => record.type === RecordType.OPT);
  const opt: DnsRecord = {
    name: '',
    type: RecordType.OPT,
    class: EDNS_PAYLOAD,
    ttl: 0,
    data: Buffer.alloc(0),
  };
  return {
    header: {
      id: query.header.id,
      qr: true,
      opcode: query.header.opcode,
      aa: authoritative,
      tc: false,
      rd: query.header.rd,
      ra: true,
      rcode,
    },
    questions: query.questions,
    answers,
    authorities: [],
    additionals: edns ? [opt] : [],
  };
}

function formatError(packet: Buffer): DnsMessage {
  const header = parseHeader(packet);
  const empty = { questions: [], answers: [], authorities: [], additionals: [] };
  return replyTo({ header, ...empty }, Rcode.FORMERR);
}

/** The most the client takes in one message over this transport. */
function sizeLimit(query: DnsMessage, transport: Transport): number {
  if (transport === 'tcp') return TCP_LIMIT;
  const opt = query.additionals.find((record) => record.type === RecordType.OPT);
  if (opt === undefined) return CLASSIC_UDP_LIMIT;
  return Math.min(Math.max(opt.class, CLASSIC_UDP_LIMIT), EDNS_PAYLOAD);
}

export function decide(
  packet: Buffer,
  table: NameTable | undefined,
  options: { searchDomains: readonly string[]; transport: Transport },
): Decision {
  if (packet.length < HEADER_LENGTH) return { kind: 'drop' };
  // A response sent to us: answering it could start a loop between two responders.
  if (parseHeader(packet).qr) return { kind: 'drop' };
  let query: DnsMessage;
  try {
    query = parseMessage(packet);
  } catch (error) {
    if (!(error instanceof DnsFormatError)) throw error;
    return { kind: 'reply', message: formatError(packet), limit: CLASSIC_UDP_LIMIT };
  }
  const limit = sizeLimit(query, options.transport);
  const reply = (rcode: number, answers: DnsRecord[] = [], aa = false): Decision => ({
    kind: 'reply',
    message: replyTo(query, rcode, answers, aa),
    limit,
  });
  if (query.header.opcode !== Opcode.QUERY) return reply(Rcode.NOTIMP);
  const optCount = query.additionals.filter((record) => record.type === RecordType.OPT).length;
  if (query.questions.length !== 1 || optCount > 1) return reply(Rcode.FORMERR);
  const forward: Decision = { kind: 'forward', failure: replyTo(query, Rcode.SERVFAIL), limit };
  const question = query.questions[0] as DnsMessage['questions'][number];
  if (question.class !== RecordClass.IN || table === undefined) return forward;

  const answer = (type: number, data: string): DnsRecord => ({
    name: question.name,
    type,
    class: RecordClass.IN,
    ttl: 0,
    data,
  });
  if (question.type === RecordType.PTR) {
    const address = addressOfReverseName(question.name);
    const name = address === undefined ? undefined : table.nameOf(address);
    return name === undefined
      ? forward
      : reply(Rcode.NOERROR, [answer(RecordType.PTR, name)], true);
  }
  const addresses = table.lookup(question.name, options.searchDomains);
  if (addresses === undefined) return forward;
  const wantsA = question.type === RecordType.A || question.type === RecordType.ANY;
  const wantsAAAA = question.type === RecordType.AAAA || question.type === RecordType.ANY;
  const answers = addresses.flatMap((address) => {
    if (isIPv4(address)) return wantsA ? [answer(RecordType.A, address)] : [];
    return wantsAAAA ? [answer(RecordType.AAAA, address)] : [];
  });
  return reply(Rcode.NOERROR, answers, true);
}
