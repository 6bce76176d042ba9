import { readFileSync } from 'node:fs';
import { ComposeError } from './diagnostics.js';
import { STDIN_FILE } from './discovery.js';

/** Reads a compose (or env) file as text; a missing or unreadable file is a user error. */
export function readTextFile(path: string, readStdin: () => string): string {
  if (path === STDIN_FILE) return readStdin();
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    const reason =
      (cause as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file or directory'
        : String((cause as Error).message);
    throw ComposeError.of({ code: 'file.read', message: `open ${path}: ${reason}` });
  }
}

/** Standard input, read once, synchronously (compose files are small). */
export function readStdinOnce(): () => string {
  let text: string | undefined;
  return () => {
    text ??= readFileSync(0, 'utf8');
    return text;
  };
}
