/** A DNS message that cannot be parsed or encoded; the server answers FORMERR (or drops it). */
export class DnsFormatError extends Error {
  override readonly name = 'DnsFormatError';
}
