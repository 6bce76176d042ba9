/**
 * The port's vocabulary for streams into and out of containers: exec, attach,
 * archives, logs, and the caller's terminal.
 */
import type { Readable, Writable } from 'node:stream';

/** A terminal's size in character cells. */
export interface TerminalSize {
  readonly rows: number;
  readonly columns: number;
}

/**
 * The caller's terminal, for a TTY inside a container: its size now, and its
 * changes (SIGWINCH) until the returned function unsubscribes.
 */
export interface TerminalSizeSource {
  current(): TerminalSize | undefined;
  subscribe(listener: (size: TerminalSize) => void): () => void;
}

export interface ExecSpec {
  readonly command: readonly string[];
  readonly env?: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly privileged?: boolean;
  readonly tty?: boolean;
  /** Start the command and return at once (exit code 0, unknown); streams are not attached. */
  readonly detach?: boolean;
  /** With `tty`: the exec's TTY follows this terminal's size. */
  readonly terminal?: TerminalSizeSource;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

/** What `attachContainer` connects: the container's TTY setting decides whether output is multiplexed. */
export interface AttachSpec {
  readonly tty: boolean;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
  /** The engine ends the attachment when it reads this sequence on stdin (`ctrl-p,ctrl-q`). */
  readonly detachKeys?: string;
  /** With `tty`: the container's TTY follows this terminal's size. */
  readonly terminal?: TerminalSizeSource;
}

export interface ContainerAttachment {
  /** Resolves when the container's output has ended (it stopped, or the attachment was detached). */
  readonly ended: Promise<void>;
  /** Applies the terminal's current size now (a TTY can only be resized once the container runs). */
  resize(): Promise<void>;
  /** Stops forwarding and closes the connection. */
  close(): void;
}

/** A path inside a container, as `HEAD /containers/{id}/archive` reports it. */
export interface ContainerPathStat {
  readonly name: string;
  readonly size: number;
  /** Go `os.FileMode` bits: the type in the high bits (dir 1<<31, symlink 1<<27), the permissions in the low 9. */
  readonly mode: number;
  readonly isDirectory: boolean;
  readonly isSymlink: boolean;
  readonly linkTarget: string;
}

/** A piece of a container's output and the stream it was written to. */
export interface LogChunk {
  readonly stream: 'stdout' | 'stderr';
  readonly data: Buffer;
}

/** A container's log as `LogChunk`s in the engine's order; `destroy()` ends the engine connection. */
export interface LogChunkStream extends AsyncIterable<LogChunk> {
  destroy(): void;
}
