import type { ServicePort } from '../model.js';
import type { ConsistencyRule, Finding } from './rule.js';

const ANY_ADDRESSES = new Set(['', '0.0.0.0', '::']);

function clash(a: ServicePort, b: ServicePort): boolean {
  if (a.protocol !== b.protocol || a.published !== b.published) return false;
  const ipA = a.host_ip ?? '';
  const ipB = b.host_ip ?? '';
  return ipA === ipB || ANY_ADDRESSES.has(ipA) || ANY_ADDRESSES.has(ipB);
}

interface Published {
  readonly service: string;
  readonly port: ServicePort;
}

/**
 * Two fixed host ports that are certain to clash (same protocol and port, same
 * address or one of them on all addresses), across every enabled service.
 * Ranges and ephemeral ports are left to the engine.
 * Ports seen so far are grouped by protocol and port number (only those can
 * clash), so a large project is not compared pair by pair; each group keeps
 * its order, so the earliest clashing service is still the one named.
 */
export const publishedPorts: ConsistencyRule = {
  name: 'published-ports',
  check: (project) => {
    const findings: Finding[] = [];
    const seen = new Map<ServicePort['protocol'], Map<string, Published[]>>();
    for (const [name, service] of Object.entries(project.services)) {
      (service.ports ?? []).forEach((port, index) => {
        if (port.published === undefined || !/^\d+$/.test(port.published) || port.published === '0')
          return;
        let byNumber = seen.get(port.protocol);
        if (byNumber === undefined) seen.set(port.protocol, (byNumber = new Map()));
        let group = byNumber.get(port.published);
        if (group === undefined) byNumber.set(port.published, (group = []));
        const earlier = group.find((entry) => clash(entry.port, port));
        if (earlier) {
          findings.push({
            code: 'ports.duplicate',
            message: `port ${port.published}/${port.protocol} is already published by service "${earlier.service}"`,
            path: ['services', name, 'ports', index],
          });
        } else group.push({ service: name, port });
      });
    }
    return findings;
  },
};
