/**
 * The two file-system calls Node lacks: mknod(2) (overlay whiteouts are
 * character devices 0/0; layers may also ship device nodes and FIFOs) and
 * setxattr(2) (an opaque directory carries `trusted.overlay.opaque=y`). Both
 * run as child processes: `mknod` from coreutils, and `setfattr` from Debian's
 * `attr` package, or Python's os.setxattr when `setfattr` is not installed.
 * Both need root (CAP_MKNOD, CAP_SYS_ADMIN for `trusted.*`): the built-in
 * engine runs as root. The interface lets tests and a later native binding
 * replace the implementation.
 */
import { runCommand as run } from '../host/commands.js';

export type NodeKind = 'char' | 'block' | 'fifo';

export interface SpecialFiles {
  /** Creates a device node or FIFO at `path` (which must not exist), mode 0 until chmod. */
  mknod(path: string, kind: NodeKind, major: number, minor: number): Promise<void>;
  /** Sets an extended attribute on `path` itself (never through a symlink). */
  setXattr(path: string, name: string, value: Buffer): Promise<void>;
}

const KIND_LETTER: Readonly<Record<NodeKind, string>> = { char: 'c', block: 'b', fifo: 'p' };

const PYTHON_SETXATTR =
  'import os,sys; os.setxattr(sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3]), follow_symlinks=False)';

async function hasCommand(name: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  return stderr !== undefined && stderr !== '' ? stderr : String((error as Error).message ?? error);
}

export class SpecialFileError extends Error {
  override readonly name = 'SpecialFileError';
}

/** The child-process implementation; the xattr tool is looked up once, on first use. */
export function commandSpecialFiles(): SpecialFiles {
  let xattrTool: Promise<'setfattr' | 'python3' | undefined> | undefined;
  const findXattrTool = async (): Promise<'setfattr' | 'python3' | undefined> => {
    if (await hasCommand('setfattr')) return 'setfattr';
    if (await hasCommand('python3')) return 'python3';
    return undefined;
  };
  return {
    async mknod(path, kind, major, minor) {
      const args = ['-m', '0', path, KIND_LETTER[kind]];
      if (kind !== 'fifo') args.push(String(major), String(minor));
      try {
        await run('mknod', args);
      } catch (error) {
        throw new SpecialFileError(
          `mknod ${KIND_LETTER[kind]} ${major}:${minor} failed: ${describe(error)}`,
        );
      }
    },
    async setXattr(path, name, value) {
      xattrTool ??= findXattrTool();
      const tool = await xattrTool;
      try {
        if (tool === 'setfattr') {
          await run('setfattr', ['-h', '-n', name, '-v', `0x${value.toString('hex')}`, path]);
        } else if (tool === 'python3') {
          await run('python3', ['-c', PYTHON_SETXATTR, path, name, value.toString('hex')]);
        } else {
          throw new Error('neither setfattr (Debian package "attr") nor python3 is installed');
        }
      } catch (error) {
        throw new SpecialFileError(
          `setting the extended attribute ${name} failed: ${describe(error)}`,
        );
      }
    },
  };
}
