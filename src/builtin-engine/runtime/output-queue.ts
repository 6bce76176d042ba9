/**
 * A push-to-pull bridge: child process streams push chunks, one consumer
 * iterates them. Ends when every source has ended; a chunk pushed before
 * anyone iterates is kept, so fast output is not lost.
 */
import type { Readable } from 'node:stream';
import type { OutputChunk } from '../ports.js';

export class OutputQueue implements AsyncIterable<OutputChunk> {
  private readonly chunks: OutputChunk[] = [];
  private open = 0;
  private wake: (() => void) | undefined;

  /** Feeds a stream's data as `stream` chunks until it ends. */
  add(source: Readable, stream: 'stdout' | 'stderr'): void {
    this.open += 1;
    source.on('data', (data: Buffer) => this.push({ stream, data }));
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      this.open -= 1;
      this.notify();
    };
    source.on('end', end);
    source.on('close', end);
    source.on('error', end);
  }

  private push(chunk: OutputChunk): void {
    this.chunks.push(chunk);
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<OutputChunk> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        yield chunk;
        continue;
      }
      if (this.open === 0) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
