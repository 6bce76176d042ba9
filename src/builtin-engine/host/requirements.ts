/**
 * Can this machine run the built-in engine? Linux, root (rootless comes
 * later), and the tools it drives: runc, conmon, iproute2, iptables,
 * mount, setfattr (opaque directories in layers) and socat (attach stdin). The answer is one sentence naming what is missing, shown when the
 * CLI would otherwise start the engine.
 */
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export interface HostCheck {
  readonly ok: boolean;
  /** What is missing, for a sentence: "runc (apt-get install runc)". */
  readonly missing: readonly string[];
}

const TOOLS: ReadonlyArray<{ readonly name: string; readonly hint: string }> = [
  { name: 'runc', hint: 'apt-get install runc' },
  { name: 'conmon', hint: 'apt-get install conmon' },
  { name: 'ip', hint: 'apt-get install iproute2' },
  { name: 'iptables', hint: 'apt-get install iptables' },
  { name: 'mount', hint: 'apt-get install mount' },
  { name: 'setfattr', hint: 'apt-get install attr' },
  { name: 'socat', hint: 'apt-get install socat' },
];

/** The directories searched for tools: PATH plus the sbin dirs a non-login root shell may lack. */
function searchPath(env: NodeJS.ProcessEnv): string[] {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'])
    if (!dirs.includes(dir)) dirs.push(dir);
  return dirs;
}

export async function findTool(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  for (const dir of searchPath(env)) {
    const path = join(dir, name);
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function checkHost(env: NodeJS.ProcessEnv = process.env): Promise<HostCheck> {
  const missing: string[] = [];
  if (process.platform !== 'linux') missing.push(`Linux (this is ${process.platform})`);
  if (process.getuid?.() !== 0)
    missing.push('root (the built-in engine does not run rootless yet)');
  for (const tool of TOOLS) {
    if ((await findTool(tool.name, env)) === undefined) missing.push(`${tool.name} (${tool.hint})`);
  }
  return { ok: missing.length === 0, missing };
}

export function describeMissing(check: HostCheck): string {
  return `The built-in engine cannot run here: it needs ${check.missing.join(', ')}.`;
}
