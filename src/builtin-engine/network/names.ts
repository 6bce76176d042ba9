/**
 * Every name the network driver gives to a kernel object (netns, veth,
 * iptables chain, rule comment) is a pure function of ids and a prefix, so a
 * daemon that restarts after a crash can find its leftovers again and a test
 * run can use prefixes nobody else uses. Pure.
 */
import { createHash } from 'node:crypto';
import { basename, dirname } from 'node:path';

/** `ip netns add` keeps named namespaces here (iproute2's NETNS_RUN_DIR). */
export const NETNS_DIR = '/run/netns';

/** IFNAMSIZ is 16 with the terminating NUL. */
export const MAX_IFNAME_LENGTH = 15;

/** xtables chain names: XT_EXTENSION_MAXNAMELEN (29) with the NUL. */
const MAX_CHAIN_LENGTH = 28;

export interface NamePrefixes {
  /** Network namespaces: `<prefix><12 hex of the container id>`. */
  readonly namespace: string;
  /** Host side of veth pairs: `<prefix><hash>`, 15 characters in all. */
  readonly veth: string;
  /** iptables chains: `<prefix>-FORWARD`, `<prefix>-ISOLATION`, `<prefix>-POSTROUTING`. */
  readonly chain: string;
}

export const DEFAULT_PREFIXES: NamePrefixes = {
  namespace: 'tsc-',
  veth: 'tsv',
  chain: 'TSCOMPOSE',
};

export interface ChainNames {
  /** filter: jumped to from FORWARD at position 1. */
  readonly forward: string;
  /** filter: drops traffic from one of our bridges to another. */
  readonly isolation: string;
  /** nat: jumped to from POSTROUTING. */
  readonly postrouting: string;
}

/** Interface names the kernel accepts and `ip` does not read as a keyword or option. */
export function isValidIfname(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= MAX_IFNAME_LENGTH &&
    /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) &&
    name !== '.' &&
    name !== '..'
  );
}

export function validatePrefixes(prefixes: NamePrefixes): void {
  if (!/^[a-z][a-z0-9-]{0,7}$/.test(prefixes.namespace)) {
    throw new RangeError(`bad namespace prefix ${JSON.stringify(prefixes.namespace)}`);
  }
  if (!/^[a-z][a-z0-9]{0,4}$/.test(prefixes.veth)) {
    throw new RangeError(`bad veth prefix ${JSON.stringify(prefixes.veth)} (1-5 letters/digits)`);
  }
  const longest = `${prefixes.chain}-POSTROUTING`;
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(prefixes.chain) || longest.length > MAX_CHAIN_LENGTH) {
    throw new RangeError(`bad chain prefix ${JSON.stringify(prefixes.chain)}`);
  }
}

export function chainNames(prefixes: NamePrefixes): ChainNames {
  return {
    forward: `${prefixes.chain}-FORWARD`,
    isolation: `${prefixes.chain}-ISOLATION`,
    postrouting: `${prefixes.chain}-POSTROUTING`,
  };
}

/** The 12-character short id of a container, like `docker ps` shows. */
function shortId(containerId: string): string {
  if (!/^[0-9a-f]{12,64}$/.test(containerId)) {
    throw new RangeError(`not a container id: ${JSON.stringify(containerId)}`);
  }
  return containerId.slice(0, 12);
}

/** `tsc-0123456789ab`: the container's named network namespace. */
export function namespaceName(prefixes: NamePrefixes, containerId: string): string {
  return `${prefixes.namespace}${shortId(containerId)}`;
}

export function namespacePath(prefixes: NamePrefixes, containerId: string): string {
  return `${NETNS_DIR}/${namespaceName(prefixes, containerId)}`;
}

/** The name of a namespace `ip -n` can address, or undefined for a path outside /run/netns. */
export function namedNamespace(path: string): string | undefined {
  const name = basename(path);
  // Not an option to ip, and no path tricks (`..`).
  const plain = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(name) && !name.startsWith('..');
  return dirname(path) === NETNS_DIR && plain ? name : undefined;
}

/**
 * The host side of the veth that is `ifname` inside the namespace at
 * `namespacePath`: the prefix and a hash of both, 15 characters. Unique per
 * (namespace, ifname) so a container with several networks gets several, and
 * derivable from the pair alone so detach and cleanup need no stored state.
 */
export function hostVethName(
  prefixes: NamePrefixes,
  namespacePath: string,
  ifname: string,
): string {
  const hash = createHash('sha256').update(`${namespacePath}\0${ifname}`).digest('hex');
  return `${prefixes.veth}${hash.slice(0, MAX_IFNAME_LENGTH - prefixes.veth.length)}`;
}

/** The comment that tags every iptables rule made for one bridge. */
export function ruleComment(prefixes: NamePrefixes, bridge: string): string {
  return `${prefixes.chain.toLowerCase()}:${bridge}`;
}
