/**
 * Text of an attached `up` run, rendered from its events: log lines and exit
 * notices on stdout (as Docker Compose prints them), the stopping notices on stderr.
 */
import type { AttachEvent } from '../lifecycle/attached.js';
import { shortContainerName, type LogFormatter } from './log-prefix.js';

export interface AttachedText {
  readonly stdout?: string;
  readonly stderr?: string;
}

export function renderAttachEvent(formatter: LogFormatter, event: AttachEvent): AttachedText {
  switch (event.kind) {
    case 'attaching':
      formatter.register(
        event.containers.map(({ name, service }) => ({ container: name, service })),
      );
      return {
        stdout: `Attaching to ${event.containers.map((c) => shortContainerName(c.name, c.service)).join(', ')}\n`,
      };
    case 'attached':
      formatter.register([{ container: event.container.name, service: event.container.service }]);
      return {};
    case 'line':
      // The container's stderr goes to our stderr, as docker compose does.
      return event.entry.stream === 'stderr'
        ? { stderr: formatter.line(event.entry) }
        : { stdout: formatter.line(event.entry) };
    case 'exited':
      return {
        stdout: formatter.exited(
          event.container.name,
          event.container.service,
          event.exitCode,
          event.restarting,
        ),
      };
    case 'stopping':
      return {
        stderr:
          event.reason === 'interrupted'
            ? 'Gracefully stopping... (press Ctrl+C again to force)\n'
            : 'Aborting on container exit...\n',
      };
    case 'killing':
      return { stderr: 'Killing containers...\n' };
  }
}
