/** A service's networking fields: attachments, ports, DNS, host names. */
import { Type } from '@sinclair/typebox';
import {
  define,
  ExtensibleObject,
  IntegerOrString,
  OfTypes,
  OneOf,
  PatternMapping,
} from './kit.js';
import {
  DriverOpts,
  ExtraHosts,
  ListOfStrings,
  ListOrDict,
  RESOURCE_NAME_PATTERN,
  StringOrList,
} from './primitives.js';

/** How the service joins one network; `front:` with no value takes the defaults. */
const NetworkAttachment = ExtensibleObject({
  aliases: Type.Optional(ListOfStrings.ref),
  interface_name: Type.Optional(Type.String()),
  ipv4_address: Type.Optional(Type.String()),
  ipv6_address: Type.Optional(Type.String()),
  link_local_ips: Type.Optional(ListOfStrings.ref),
  mac_address: Type.Optional(Type.String()),
  driver_opts: Type.Optional(DriverOpts),
  priority: Type.Optional(Type.Number()),
  gw_priority: Type.Optional(Type.Number()),
});

export const ServiceNetworks = define(
  'service_networks',
  OneOf([
    ListOfStrings.ref,
    PatternMapping(RESOURCE_NAME_PATTERN, OneOf([NetworkAttachment, Type.Null()]), {
      closed: true,
    }),
  ]),
);

/** `- 8080:80`, `- 80` or the long form; duplicates are rejected. */
export const ServicePorts = define(
  'service_ports',
  Type.Array(
    OneOf([
      Type.Number(),
      Type.String(),
      ExtensibleObject({
        name: Type.Optional(Type.String()),
        mode: Type.Optional(Type.String()),
        host_ip: Type.Optional(Type.String()),
        target: Type.Optional(IntegerOrString),
        published: Type.Optional(IntegerOrString),
        protocol: Type.Optional(Type.String()),
        app_protocol: Type.Optional(Type.String()),
      }),
    ]),
    { uniqueItems: true },
  ),
);

const uniqueStrings = () => Type.Array(Type.String(), { uniqueItems: true });

export const serviceNetworkFields = {
  networks: Type.Optional(ServiceNetworks.ref),
  network_mode: Type.Optional(Type.String()),
  ports: Type.Optional(ServicePorts.ref),
  expose: Type.Optional(Type.Array(OfTypes('string', 'number'), { uniqueItems: true })),
  hostname: Type.Optional(Type.String()),
  domainname: Type.Optional(Type.String()),
  mac_address: Type.Optional(Type.String()),
  dns: Type.Optional(StringOrList.ref),
  dns_opt: Type.Optional(uniqueStrings()),
  dns_search: Type.Optional(StringOrList.ref),
  extra_hosts: Type.Optional(ExtraHosts.ref),
  links: Type.Optional(uniqueStrings()),
  external_links: Type.Optional(uniqueStrings()),
  sysctls: Type.Optional(ListOrDict.ref),
};
