export {
  addressOfReverseName,
  canonicalAddress,
  formatIPv6,
  ipv4Bytes,
  ipv6Bytes,
  reverseName,
} from './addresses.js';
export { DnsFormatError } from './errors.js';
export {
  CLASSIC_UDP_LIMIT,
  Opcode,
  Rcode,
  RecordClass,
  RecordType,
  encodeMessage,
  encodeWithin,
  parseHeader,
  parseMessage,
  type DnsHeader,
  type DnsMessage,
  type DnsQuestion,
  type DnsRecord,
} from './message.js';
export { nameKey, nameLabels, readName } from './names.js';
export { EDNS_PAYLOAD, decide, replyTo, type Decision, type Transport } from './resolve.js';
export { DnsNameServer, type DnsNameServerOptions } from './server.js';
export { NameTable } from './table.js';
export {
  exchangeTcp,
  exchangeUdp,
  forward,
  parseResolvConf,
  parseUpstream,
  readHostResolverConfig,
  type HostResolverConfig,
  type Upstream,
} from './upstream.js';
