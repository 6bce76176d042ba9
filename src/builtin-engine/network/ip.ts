/**
 * iproute2 on the host or inside a network namespace. A namespace under
 * /run/netns is addressed with `ip -n NAME`; `ip -n` only takes names, so any
 * other path goes through `nsenter --net=PATH`.
 */
import { runTool, type ToolResult } from './exec.js';
import { namedNamespace } from './names.js';

/** `ip ARGS` on the host; with `batch`, `ip -batch -` reading those lines. */
export function ipHost(args: readonly string[], batch?: readonly string[]): Promise<ToolResult> {
  if (batch === undefined) return runTool('ip', args);
  return runTool('ip', [...args, '-batch', '-'], `${batch.join('\n')}\n`);
}

/** `ip ARGS` inside the namespace at `namespacePath`. */
export function ipIn(
  namespacePath: string,
  args: readonly string[],
  batch?: readonly string[],
): Promise<ToolResult> {
  const tail = batch === undefined ? args : [...args, '-batch', '-'];
  const input = batch === undefined ? undefined : `${batch.join('\n')}\n`;
  const name = namedNamespace(namespacePath);
  if (name !== undefined) return runTool('ip', ['-n', name, ...tail], input);
  return runTool('nsenter', [`--net=${namespacePath}`, '--', 'ip', ...tail], input);
}

/** Whether a failure only says the device or namespace is not there. */
export function isNotFound(error: unknown): boolean {
  const stderr = (error as { stderr?: unknown }).stderr;
  return (
    typeof stderr === 'string' &&
    /Cannot find device|does not exist|No such file or directory|Cannot open network namespace/.test(
      stderr,
    )
  );
}

export interface LinkState {
  readonly ifname: string;
  readonly kind: string | undefined;
  readonly up: boolean;
  readonly master: string | undefined;
  readonly mac: string | undefined;
  /** `a.b.c.d/n` of every IPv4 address. */
  readonly ipv4: readonly string[];
}

interface RawLink {
  ifname?: unknown;
  flags?: unknown;
  master?: unknown;
  address?: unknown;
  linkinfo?: { info_kind?: unknown };
  addr_info?: Array<{ family?: unknown; local?: unknown; prefixlen?: unknown }>;
}

/** Parses `ip -j -d addr show` output. */
export function parseLinks(json: string): LinkState[] {
  const value: unknown = JSON.parse(json.trim() === '' ? '[]' : json);
  if (!Array.isArray(value)) return [];
  return (value as RawLink[]).map((link) => ({
    ifname: String(link.ifname),
    kind: typeof link.linkinfo?.info_kind === 'string' ? link.linkinfo.info_kind : undefined,
    up: Array.isArray(link.flags) && link.flags.includes('UP'),
    master: typeof link.master === 'string' ? link.master : undefined,
    mac: typeof link.address === 'string' ? link.address : undefined,
    ipv4: (link.addr_info ?? [])
      .filter((info) => info.family === 'inet')
      .map((info) => `${String(info.local)}/${String(info.prefixlen)}`),
  }));
}

/** One link on the host, or undefined when there is no such device. */
export async function hostLink(name: string): Promise<LinkState | undefined> {
  try {
    return parseLinks((await ipHost(['-j', '-d', 'addr', 'show', 'dev', name])).stdout)[0];
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
