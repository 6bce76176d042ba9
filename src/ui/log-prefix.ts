/**
 * Log line formatting for `logs` and attached `up`: `<name padded to the
 * longest name> | ` prefixes coloured per service from Docker Compose's rotating
 * palette, optional timestamps after the prefix, and the status lines
 * (`<name> exited with code N`) in the same colour as the container's logs.
 */
import type { styleText } from 'node:util';
import { paint } from './terminal.js';

type Style = Parameters<typeof styleText>[0];

/** Compose's palette order (cmd/formatter/colors.go): the plain colours, then their bright variants. */
export const LOG_PALETTE: readonly Style[] = [
  'cyan',
  'yellow',
  'green',
  'magenta',
  'blue',
  'cyanBright',
  'yellowBright',
  'greenBright',
  'magentaBright',
  'blueBright',
];

export interface LogFormatOptions {
  /** `--no-color` or no TTY: no escape codes at all. */
  readonly colour: boolean;
  /** `--no-log-prefix` turns this off. */
  readonly prefix: boolean;
  /** `-t/--timestamps`: the engine's RFC3339Nano timestamp after the prefix. */
  readonly timestamps: boolean;
}

export interface FormattableLine {
  readonly container: string;
  readonly service: string;
  readonly line: string;
  readonly timestamp?: string;
}

/**
 * The name compose shows in log prefixes: `web-1` for `demo-web-1` and
 * `web-run-1a2b` for a one-off, i.e. the name from its service on; a
 * `container_name` that does not follow the pattern is shown whole.
 */
export function shortContainerName(container: string, service: string): string {
  const at = container.lastIndexOf(`-${service}-`);
  return at > 0 ? container.slice(at + 1) : container;
}

/**
 * Formats lines of many containers. Containers are registered as they appear
 * (a `logs -f` sees scaled containers later), so the padding width grows with
 * the longest name seen; a service keeps its colour for the whole run.
 */
export class LogFormatter {
  private width = 0;
  private readonly serviceStyles = new Map<string, Style>();

  constructor(private readonly options: LogFormatOptions) {}

  /** Registers containers up front so the first lines are already aligned; services get colours in sorted order. */
  register(containers: readonly { readonly container: string; readonly service: string }[]): void {
    const services = [...new Set(containers.map((c) => c.service))].sort();
    for (const service of services) this.styleOf(service);
    for (const { container, service } of containers)
      this.width = Math.max(this.width, shortContainerName(container, service).length);
  }

  line(entry: FormattableLine): string {
    this.register([entry]);
    const time = this.options.timestamps && entry.timestamp ? `${entry.timestamp} ` : '';
    if (!this.options.prefix) return `${time}${entry.line}\n`;
    const name = shortContainerName(entry.container, entry.service);
    const prefix = `${name.padEnd(this.width)}  | `;
    return `${paint(this.options.colour, this.styleOf(entry.service), prefix)}${time}${entry.line}\n`;
  }

  /** `<name> exited with code N` (` (restarting)` when the engine restarts it), coloured like the container's lines. */
  exited(container: string, service: string, exitCode: number, restarting = false): string {
    const text = `${shortContainerName(container, service)} exited with code ${exitCode}${restarting ? ' (restarting)' : ''}`;
    return `${paint(this.options.colour, this.styleOf(service), text)}\n`;
  }

  private styleOf(service: string): Style {
    let style = this.serviceStyles.get(service);
    if (style === undefined) {
      style = LOG_PALETTE[this.serviceStyles.size % LOG_PALETTE.length]!;
      this.serviceStyles.set(service, style);
    }
    return style;
  }
}
