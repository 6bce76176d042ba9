/**
 * Attach and exec start: the Engine takes over the connection. A client that
 * sends `Connection: Upgrade` + `Upgrade: tcp` (the docker CLI, docker-py,
 * dockerode with `hijack: true`) gets `101 UPGRADED` and then a bare socket:
 * what it writes is the process's stdin (its half-close is stdin's EOF), what
 * it reads is the output, stdcopy-framed unless there is a TTY. A client that
 * does not ask for the upgrade (dockerode without `hijack`) gets a 200 with
 * the same output as the body and no stdin.
 */
import type { StreamSession } from '../ports.js';
import { commonHeaders, type ApiContext } from './context.js';
import { MULTIPLEXED_STREAM, RAW_STREAM, pumpOutput } from './streams.js';

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

function upgradeHead(ctx: ApiContext, contentType: string): string {
  const lines = [
    'HTTP/1.1 101 UPGRADED',
    `Content-Type: ${contentType}`,
    'Connection: Upgrade',
    'Upgrade: tcp',
    ...Object.entries(commonHeaders(ctx.identity)).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Opens the session (errors before this point are ordinary HTTP errors: 404
 * for a missing container or exec, 409 for one that is not running), then
 * streams until the output is over or the client leaves.
 */
export async function serveSession(
  ctx: ApiContext,
  open: (signal: AbortSignal) => Promise<StreamSession>,
): Promise<void> {
  // On an upgraded connection this takes the body off the socket so it never reaches stdin.
  await ctx.body();
  const session = await open(ctx.signal);
  const contentType = session.tty ? RAW_STREAM : MULTIPLEXED_STREAM;
  const stdin = session.stdin;
  stdin?.on('error', () => undefined); // the process may exit while the client still writes

  if (ctx.upgrade === undefined) {
    stdin?.end();
    const target = ctx.startStream(contentType);
    await pumpOutput(session.output, target, { tty: session.tty, signal: ctx.signal });
    await Promise.race([session.done, untilAborted(ctx.signal)]);
    ctx.res.end();
    return;
  }

  const { socket } = ctx.upgrade;
  socket.write(upgradeHead(ctx, contentType));
  if (stdin !== undefined) {
    socket.pipe(stdin);
  } else {
    socket.resume(); // nobody reads stdin: drop what the client sends, still notice its close
  }
  await pumpOutput(session.output, socket, { tty: session.tty, signal: ctx.signal });
  await Promise.race([session.done, untilAborted(ctx.signal)]);
  if (stdin !== undefined) socket.unpipe(stdin);
  // The Engine closes the whole connection when the output is over.
  if (!socket.destroyed) socket.end(() => socket.destroy());
}
