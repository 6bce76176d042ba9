/**
 * One health probe: an exec in the container through the runtime driver,
 * output collected (bounded), raced against the timeout. A timed-out probe
 * is a failure with exit code -1 and Docker's message; the exec itself is
 * left to finish (the driver's ExecHandle has no kill).
 */
import type { ExecRequest, RuntimeDriver } from '../../ports.js';
import { MAX_OUTPUT_BYTES, type ProbeResult } from './transitions.js';

export function formatTimeout(ms: number): string {
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
}

export async function runProbe(
  runtime: RuntimeDriver,
  containerId: string,
  base: Pick<ExecRequest, 'env' | 'cwd' | 'user'>,
  args: readonly string[],
  timeoutMs: number,
): Promise<ProbeResult> {
  const start = new Date();
  let output = '';
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const handle = await runtime.exec(containerId, {
      ...base,
      args,
      tty: false,
      stdin: false,
      privileged: false,
    });
    const collect = (async () => {
      for await (const chunk of handle.output) {
        if (output.length < MAX_OUTPUT_BYTES) output += chunk.data.toString();
      }
    })();
    const outcome = await Promise.race([
      Promise.all([handle.exit, collect]).then(([code]) => code),
      timedOut,
    ]);
    if (outcome === 'timeout') {
      return {
        start,
        end: new Date(),
        exitCode: -1,
        output: `Health check exceeded timeout (${formatTimeout(timeoutMs)})`,
      };
    }
    return { start, end: new Date(), exitCode: outcome, output };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { start, end: new Date(), exitCode: -1, output: message };
  } finally {
    clearTimeout(timer);
  }
}
