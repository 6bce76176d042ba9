/** Plumbing shared by exec and attach: stdin forwarded into a hijacked socket, output dropped on purpose. */
import { Writable, type Duplex, type Readable } from 'node:stream';

/**
 * Forwards `stdin` into the socket; its end half-closes the socket so the
 * process sees end of input. Returns a function that stops forwarding and
 * pauses `stdin` (a flowing process.stdin would keep the process alive).
 */
export function forwardStdin(stdin: Readable, socket: Duplex): () => void {
  const open = () => !socket.destroyed && !socket.writableEnded;
  const onData = (chunk: Buffer | string) => {
    if (open()) socket.write(chunk);
  };
  const onEnd = () => {
    if (open()) socket.end();
  };
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  return () => {
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    stdin.pause();
  };
}

/** Output nobody asked for is read and dropped so the stream keeps flowing. */
export function sink(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
