/**
 * `docker top`: `ps` on the host (default `-ef`), keeping the header and the
 * rows whose PID belongs to the container, as Docker does. The last column
 * (the command) keeps its spaces.
 */
import { EngineApiError } from '../../ports.js';

export function parsePs(
  output: string,
  pids: readonly number[],
): { Titles: string[]; Processes: string[][] } {
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  const [header, ...rows] = lines;
  if (header === undefined) throw new EngineApiError(500, 'ps printed nothing');
  const titles = header.trim().split(/\s+/);
  const pidColumn = titles.indexOf('PID');
  if (pidColumn === -1) {
    throw new EngineApiError(500, `Couldn't find PID field in ps output`);
  }
  const wanted = new Set(pids);
  const processes: string[][] = [];
  for (const row of rows) {
    const fields = row.trim().split(/\s+/);
    if (fields.length < titles.length) continue;
    const head = fields.slice(0, titles.length - 1);
    const process = [...head, fields.slice(titles.length - 1).join(' ')];
    if (wanted.has(Number(process[pidColumn]))) processes.push(process);
  }
  return { Titles: titles, Processes: processes };
}

export function psArguments(psArgs: string | undefined): string[] {
  const text = psArgs === undefined || psArgs.trim() === '' ? '-ef' : psArgs.trim();
  return text.split(/\s+/);
}
