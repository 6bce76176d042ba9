/**
 * Removes everything of ours a crashed daemon (or test run) left on the
 * host, found by name alone: named namespaces with the namespace prefix (their
 * veths first), host-side veths with the veth prefix, bridges with a given
 * prefix, and our iptables chains. Running containers lose their network, so
 * this is for a full reset and for tests, not for a daemon's normal start.
 */
import { Firewall, type IptablesBackend } from './iptables.js';
import { ipHost, isNotFound, parseLinks } from './ip.js';
import { validatePrefixes, type NamePrefixes } from './names.js';
import { listNamedNamespaces, removeNamedNamespace } from './namespace.js';

export interface LeftoverReport {
  readonly namespaces: string[];
  readonly links: string[];
  /** Whether any chain or rule of ours was there. */
  readonly firewall: boolean;
}

export async function cleanupLeftovers(
  prefixes: NamePrefixes,
  options: { bridgePrefix?: string; iptables?: IptablesBackend } = {},
): Promise<LeftoverReport> {
  validatePrefixes(prefixes);
  const namespaces = (await listNamedNamespaces()).filter((name) =>
    name.startsWith(prefixes.namespace),
  );
  for (const name of namespaces) await removeNamedNamespace(name);

  const bridgePrefix = options.bridgePrefix ?? '';
  const links = parseLinks((await ipHost(['-j', '-d', 'link', 'show'])).stdout)
    .filter(
      (link) =>
        (link.kind === 'veth' && link.ifname.startsWith(prefixes.veth)) ||
        (bridgePrefix !== '' && link.kind === 'bridge' && link.ifname.startsWith(bridgePrefix)),
    )
    .map((link) => link.ifname);
  for (const name of links) {
    await ipHost(['link', 'del', name]).catch((error: unknown) => {
      // A veth goes with its peer, which may have been deleted just before.
      if (!isNotFound(error)) throw error;
    });
  }

  const firewall = new Firewall(prefixes, options.iptables);
  const owned = await firewall.owned();
  if (owned.length > 0) await firewall.teardown();
  return { namespaces, links, firewall: owned.length > 0 };
}
