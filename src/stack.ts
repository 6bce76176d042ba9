import type { Compose } from './compose.js';
import type { AppliedUp, ComposeDownOptions } from './compose-options.js';
import type { LogLine } from './lifecycle/log-stream.js';
import type { LogsOptions } from './lifecycle/logs.js';
import type { PsOptions } from './lifecycle/ps.js';
import type { Project } from './spec/model.js';
import type { PsRow } from './ui/ps-table.js';

/** A project `up` brought up; disposing it runs `down` (with the `dispose` options of `up`). */
export class Stack implements AsyncDisposable {
  private disposed = false;

  constructor(
    readonly compose: Compose,
    readonly result: AppliedUp,
    private readonly disposeOptions: ComposeDownOptions,
  ) {}

  get project(): Project {
    return this.compose.project;
  }

  ps(options: Partial<PsOptions> = {}): Promise<PsRow[]> {
    return this.compose.ps(options);
  }

  logs(options: Partial<LogsOptions> = {}): AsyncIterable<LogLine> {
    return this.compose.logs(options);
  }

  /** Takes the stack down once; later calls (and disposal after it) do nothing. */
  async down(options: ComposeDownOptions = this.disposeOptions): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.compose.down(options);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.down();
  }
}
