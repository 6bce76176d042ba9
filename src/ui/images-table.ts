/** What `images` prints: compose's table, its JSON array, or the ids alone (`-q`). */
import type { ImageRow } from '../lifecycle/images.js';
import { ago } from './ps-table.js';

/** go-units `HumanSizeWithPrecision(size, 3)`: decimal units, three significant digits. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${Number(size.toPrecision(3))}${units[unit]}`;
}

/** `sha256:0123…` → `0123456789ab` (docker's TruncateID). */
export function shortId(id: string): string {
  return id.slice(id.indexOf(':') + 1).slice(0, 12);
}

export function renderImagesTable(rows: readonly ImageRow[], nowMs: number): string {
  const header = ['CONTAINER', 'REPOSITORY', 'TAG', 'PLATFORM', 'IMAGE ID', 'SIZE', 'CREATED'];
  const body = rows.map((row) => [
    row.ContainerName,
    row.Repository || '<none>',
    row.Tag || '<none>',
    row.Platform,
    shortId(row.ID),
    humanSize(row.Size),
    row.Created !== undefined ? ago(Date.parse(row.Created) / 1000, nowMs) : 'N/A',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('   ')
      .trimEnd();
  return `${[header, ...body].map(line).join('\n')}\n`;
}

/** `--format json`: one array, as compose prints it. */
export function renderImagesJson(rows: readonly ImageRow[]): string {
  return `${JSON.stringify(rows)}\n`;
}

/** `-q`: each distinct image id (without `sha256:`), in row order. */
export function renderImageIds(rows: readonly ImageRow[]): string {
  const ids = [...new Set(rows.map((row) => row.ID.slice(row.ID.indexOf(':') + 1)))];
  return ids.map((id) => `${id}\n`).join('');
}
