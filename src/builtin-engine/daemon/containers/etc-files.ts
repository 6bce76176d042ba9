/**
 * The /etc/hosts, /etc/hostname and /etc/resolv.conf a container sees, kept
 * in its directory and bind-mounted over the image's files. /etc/hosts holds
 * localhost and the container's own address and hostname only (Docker's
 * behaviour; other containers are found through the network's DNS server on
 * the gateway), plus `ExtraHosts`.
 */

export function hostsFile(options: {
  hostname: string;
  domainname?: string;
  /** The container's address on its first network; none with `network_mode: none`. */
  address?: string;
  /** `name:ip` entries (HostConfig.ExtraHosts). */
  extraHosts?: readonly string[];
}): string {
  const lines = [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'ff00::0\tip6-mcastprefix',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
  ];
  for (const entry of options.extraHosts ?? []) {
    const colon = entry.indexOf(':');
    if (colon <= 0) continue;
    lines.push(`${entry.slice(colon + 1)}\t${entry.slice(0, colon)}`);
  }
  if (options.address !== undefined && options.address !== '') {
    const fqdn = options.domainname ? `${options.hostname}.${options.domainname} ` : '';
    lines.push(`${options.address}\t${fqdn}${options.hostname}`);
  }
  return `${lines.join('\n')}\n`;
}

export function hostnameFile(hostname: string): string {
  return `${hostname}\n`;
}

/**
 * Name servers: the client's `Dns` when given, else the network's DNS server
 * (its gateway), else the host's own resolv.conf (host and none modes).
 */
export function resolvConf(options: {
  dns?: readonly string[];
  gateway?: string;
  search?: readonly string[];
  options?: readonly string[];
  hostResolvConf?: string;
}): string {
  const servers =
    options.dns && options.dns.length > 0 ? options.dns : options.gateway ? [options.gateway] : [];
  if (servers.length === 0 && options.hostResolvConf !== undefined) {
    return options.hostResolvConf.endsWith('\n')
      ? options.hostResolvConf
      : `${options.hostResolvConf}\n`;
  }
  const lines = servers.map((server) => `nameserver ${server}`);
  if (options.search && options.search.length > 0) lines.push(`search ${options.search.join(' ')}`);
  if (options.options && options.options.length > 0)
    lines.push(`options ${options.options.join(' ')}`);
  return `${lines.join('\n')}\n`;
}
