import { failureSummary } from './summary.js';
import type { ProgressRenderer, ProgressStreams } from './types.js';

/** `--progress quiet`: no progress at all; failures are still reported at the end. */
export function quietRenderer(streams: ProgressStreams, colour = false): ProgressRenderer {
  return {
    event: () => undefined,
    finish: (result) => {
      const summary = failureSummary(result, colour);
      if (summary) streams.err(summary);
    },
  };
}
