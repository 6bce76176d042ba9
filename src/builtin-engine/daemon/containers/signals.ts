/**
 * Signal names and numbers (Linux, x86 and arm numbering) as the API takes
 * them: `SIGTERM`, `TERM` or `15`. Events carry the number (`signal=15`).
 */
import { constants } from 'node:os';
import { EngineApiError } from '../../ports.js';

const BY_NAME = constants.signals as Readonly<Record<string, number>>;

export interface Signal {
  /** `SIGTERM` */
  readonly name: string;
  readonly number: number;
}

export function parseSignal(raw: string): Signal {
  const text = raw.trim().toUpperCase();
  if (/^\d+$/.test(text)) {
    const number = Number(text);
    const name = Object.keys(BY_NAME).find((key) => BY_NAME[key] === number);
    if (name === undefined) throw new EngineApiError(400, `Invalid signal: ${raw}`);
    return { name, number };
  }
  const name = text.startsWith('SIG') ? text : `SIG${text}`;
  const number = BY_NAME[name];
  if (number === undefined) throw new EngineApiError(400, `Invalid signal: ${raw}`);
  return { name, number };
}
