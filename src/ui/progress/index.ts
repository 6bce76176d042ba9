/**
 * Picks the progress renderer for `--progress`. `auto` and `tty` render plain
 * lines for now: the listr2 task view is not written yet (issue 4).
 */
import type { ProgressMode } from '../../cli/compose-command.js';
import { jsonRenderer } from './json.js';
import { plainRenderer } from './plain.js';
import { quietRenderer } from './quiet.js';
import type { ProgressRenderer, ProgressStreams } from './types.js';

export type { ProgressRenderer, ProgressStreams } from './types.js';
export { describeAction, resourceLabel, type ActionDescription } from './describe.js';
export { eventToJson, resultToJson, PROGRESS_JSON_VERSION } from './json.js';
export { plainLine } from './plain.js';
export { failureSummary } from './summary.js';

export function progressRenderer(
  mode: ProgressMode,
  streams: ProgressStreams,
  now?: () => number,
): ProgressRenderer {
  switch (mode) {
    case 'json':
      return jsonRenderer(streams, now);
    case 'quiet':
      return quietRenderer(streams);
    case 'plain':
    case 'auto':
    case 'tty':
      return plainRenderer(streams);
    default: {
      const unreachable: never = mode;
      throw new Error(`unknown progress mode ${String(unreachable)}`);
    }
  }
}

/** Renderer streams on the process: progress on stderr like compose, except json on stdout. */
export function processStreams(mode: ProgressMode): ProgressStreams {
  const err = (text: string) => void process.stderr.write(text);
  const out = mode === 'json' ? (text: string) => void process.stdout.write(text) : err;
  return { out, err };
}
