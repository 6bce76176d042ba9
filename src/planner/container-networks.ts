import type { NetworkAttachment } from '../engine/types.js';
import type { Project, ServiceConfig } from '../spec/model.js';
import { networkName } from './names.js';

/** Network keys a service attaches to, highest priority first, then by key (compose's order). */
export function serviceNetworkKeys(service: ServiceConfig): string[] {
  if (service.network_mode !== undefined) return [];
  const networks = service.networks ?? {};
  const priority = (key: string): number => networks[key]?.priority ?? 0;
  return Object.keys(networks).sort(
    (a, b) => priority(b) - priority(a) || (a < b ? -1 : a > b ? 1 : 0),
  );
}

/**
 * Attachments with compose's aliases: the container name, the service name and
 * the declared `aliases` (`create.go` `getAliases`).
 */
export function networkAttachments(
  project: Project,
  service: ServiceConfig,
  name: string,
): NetworkAttachment[] {
  return serviceNetworkKeys(service).map((key) => {
    const config = service.networks?.[key] ?? {};
    const linkLocal = config.link_local_ips;
    const mac = config.mac_address;
    return {
      name: networkName(project, key),
      aliases: [...new Set([name, service.name, ...(config.aliases ?? [])])],
      ...(config.ipv4_address !== undefined && { ipv4Address: config.ipv4_address }),
      ...(config.ipv6_address !== undefined && { ipv6Address: config.ipv6_address }),
      ...(Array.isArray(linkLocal) && { linkLocalIps: linkLocal.map(String) }),
      ...(typeof mac === 'string' && { macAddress: mac }),
      ...(config.priority !== undefined && { priority: config.priority }),
    };
  });
}
