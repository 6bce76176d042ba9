/**
 * Follows a classic build's output (`{"stream": "Step 2/4 : RUN make\n"}` …)
 * line by line: the step running now and the last lines it printed, so a
 * failed build can say where it failed and show what the step wrote, as
 * `docker build` does. Pure apart from its own state.
 */

const STEP = /^Step \d+\/\d+ : /;
/** The builder's own lines about its containers and layers: not what the step printed. */
const BOOKKEEPING = /^\s*---> |^Removing intermediate container /;
/** Lines of a failing step shown in its error. */
export const TAIL_LINES = 10;

export class BuildOutput {
  private pending = '';
  private step: string | undefined;
  private tail: string[] = [];

  /** Feeds a chunk of output; returns the complete lines it finished (without `\n`, trailing spaces trimmed). */
  push(text: string): string[] {
    this.pending += text.replace(/\r\n?/g, '\n');
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    return lines
      .map((line) => this.take(line))
      .filter((line): line is string => line !== undefined);
  }

  /** Whatever is left after the last newline, as a line. */
  flush(): string[] {
    const rest = this.pending;
    this.pending = '';
    const line = rest === '' ? undefined : this.take(rest);
    return line === undefined ? [] : [line];
  }

  /** The step that ran last (`Step 3/4 : RUN exit 3`), if any. */
  get currentStep(): string | undefined {
    return this.step;
  }

  /** The last lines the current step printed, oldest first. */
  get lastLines(): readonly string[] {
    return this.tail;
  }

  private take(raw: string): string | undefined {
    const line = raw.trimEnd();
    if (line.trim() === '') return undefined;
    if (STEP.test(line)) {
      this.step = line;
      this.tail = [];
    } else if (!BOOKKEEPING.test(line)) {
      this.tail.push(line);
      if (this.tail.length > TAIL_LINES) this.tail.shift();
    }
    return line;
  }
}

/** A build that failed: the step it failed at and that step's last output lines. */
export class BuildFailedError extends Error {
  override readonly name = 'BuildFailedError';
  readonly code = 'build.failed';

  constructor(
    readonly image: string,
    readonly service: string,
    readonly step: string | undefined,
    readonly lastLines: readonly string[],
    options: { readonly cause: unknown },
  ) {
    const cause = options.cause instanceof Error ? options.cause.message : String(options.cause);
    const reason = cause.replace(/^Cannot build image \S+: /, '').replace(/\.$/, '');
    const where = step !== undefined ? ` at ${step}` : '';
    const lines = lastLines.map((line) => `\n    ${line}`).join('');
    super(
      `failed to build ${image} for service ${service}${where}: ${reason}` +
        (lines !== '' ? `\n  last output of the step:${lines}` : ''),
      options,
    );
  }
}
