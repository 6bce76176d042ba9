/**
 * Domain names on the wire (RFC 1035 §3.1, §4.1.4): reading with compression
 * pointers, and the label bytes of a dotted name for writing.
 *
 * Names are dotted strings without the trailing dot ('' is the root). A label
 * byte that a dotted string cannot carry ('.', '\', space, non-printable) is
 * written as `\DDD` like master files do, so a parsed name never splits
 * differently than it was sent.
 */
import { DnsFormatError } from './errors.js';

const MAX_NAME_LENGTH = 255;
const MAX_LABEL_LENGTH = 63;

function labelText(packet: Buffer, start: number, end: number): string {
  let text = '';
  for (let index = start; index < end; index++) {
    const byte = packet[index] as number;
    const printable = byte > 0x20 && byte < 0x7f && byte !== 0x2e && byte !== 0x5c;
    text += printable ? String.fromCharCode(byte) : `\\${byte.toString().padStart(3, '0')}`;
  }
  return text;
}

/** The name at `offset`, following compression pointers, and the offset right after it in place. */
export function readName(packet: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let position = offset;
  let next: number | undefined;
  let wireLength = 1;
  // Each pointer must go strictly further back than the last place read:
  // this bounds the walk, so crafted pointer loops cannot spin.
  let lowestTarget = offset;
  for (;;) {
    if (position >= packet.length) throw new DnsFormatError('name runs past the message');
    const length = packet[position] as number;
    if (length === 0) {
      next ??= position + 1;
      break;
    }
    const kind = length & 0xc0;
    if (kind === 0xc0) {
      if (position + 1 >= packet.length) throw new DnsFormatError('truncated name pointer');
      const target = ((length & 0x3f) << 8) | (packet[position + 1] as number);
      if (target >= lowestTarget) throw new DnsFormatError('name pointer does not point back');
      next ??= position + 2;
      lowestTarget = target;
      position = target;
      continue;
    }
    if (kind !== 0) throw new DnsFormatError('unsupported label type');
    if (position + 1 + length > packet.length) {
      throw new DnsFormatError('label runs past the message');
    }
    wireLength += length + 1;
    if (wireLength > MAX_NAME_LENGTH) throw new DnsFormatError('name longer than 255 bytes');
    labels.push(labelText(packet, position + 1, position + 1 + length));
    position += 1 + length;
  }
  return { name: labels.join('.'), next };
}

/** Splits a dotted name (trailing dot allowed) into label bytes, undoing `\DDD` and `\c` escapes. */
export function nameLabels(name: string): Buffer[] {
  const text = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
  if (text === '') return [];
  const labels: Buffer[] = [];
  let bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (char === '.') {
      labels.push(Buffer.from(bytes));
      bytes = [];
    } else if (char === '\\' && /^\d{3}$/.test(text.slice(index + 1, index + 4))) {
      bytes.push(Number(text.slice(index + 1, index + 4)) & 0xff);
      index += 3;
    } else if (char === '\\' && index + 1 < text.length) {
      bytes.push(text.charCodeAt(++index) & 0xff);
    } else {
      bytes.push(char.charCodeAt(0) & 0xff);
    }
  }
  labels.push(Buffer.from(bytes));
  for (const label of labels) {
    if (label.length === 0) throw new DnsFormatError(`empty label in ${JSON.stringify(name)}`);
    if (label.length > MAX_LABEL_LENGTH) throw new DnsFormatError(`label over 63 bytes: ${name}`);
  }
  const wireLength = labels.reduce((sum, label) => sum + label.length + 1, 1);
  if (wireLength > MAX_NAME_LENGTH) throw new DnsFormatError(`name longer than 255 bytes: ${name}`);
  return labels;
}

/** The form names are compared in: ASCII lower case, no trailing dot (DNS case rules, RFC 4343). */
export function nameKey(name: string): string {
  const text = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
  return text.replace(/[A-Z]/g, (char) => char.toLowerCase());
}
