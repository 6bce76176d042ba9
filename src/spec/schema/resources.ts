/** Top-level `networks`, `volumes`, `secrets` and `configs`: resources services refer to by name. */
import { Type } from '@sinclair/typebox';
import {
  BooleanOrString,
  define,
  ExtensibleObject,
  NullableObject,
  PatternMapping,
} from './kit.js';
import { ANY_KEY_PATTERN, DriverOpts, ListOrDict } from './primitives.js';

/**
 * `external: true`, or the legacy `external: {name: x}` (deprecated in favour of
 * the resource's own `name`). For networks and volumes the mapping is closed.
 */
const ExternalFlag = Type.Unsafe<boolean | string | { name?: string }>({
  ...ExtensibleObject({ name: Type.Optional(Type.String({ deprecated: true })) }),
  type: ['boolean', 'string', 'object'],
});

/** For secrets and configs the legacy mapping was never closed. */
function openExternalFlag(nameOptions: { deprecated?: boolean }) {
  return Type.Unsafe<boolean | string | Record<string, unknown>>({
    type: ['boolean', 'string', 'object'],
    properties: { name: Type.String(nameOptions) },
  });
}

const IpamPool = ExtensibleObject({
  subnet: Type.Optional(Type.String()),
  ip_range: Type.Optional(Type.String()),
  gateway: Type.Optional(Type.String()),
  aux_addresses: Type.Optional(PatternMapping(ANY_KEY_PATTERN, Type.String(), { closed: true })),
});

const Ipam = ExtensibleObject({
  driver: Type.Optional(Type.String()),
  config: Type.Optional(Type.Array(IpamPool)),
  options: Type.Optional(PatternMapping(ANY_KEY_PATTERN, Type.String(), { closed: true })),
});

export const Network = define(
  'network',
  NullableObject(
    ExtensibleObject({
      name: Type.Optional(Type.String()),
      driver: Type.Optional(Type.String()),
      driver_opts: Type.Optional(DriverOpts),
      ipam: Type.Optional(Ipam),
      external: Type.Optional(ExternalFlag),
      internal: Type.Optional(BooleanOrString),
      enable_ipv4: Type.Optional(BooleanOrString),
      enable_ipv6: Type.Optional(BooleanOrString),
      attachable: Type.Optional(BooleanOrString),
      labels: Type.Optional(ListOrDict.ref),
    }),
  ),
);

export const Volume = define(
  'volume',
  NullableObject(
    ExtensibleObject({
      name: Type.Optional(Type.String()),
      driver: Type.Optional(Type.String()),
      driver_opts: Type.Optional(DriverOpts),
      external: Type.Optional(ExternalFlag),
      labels: Type.Optional(ListOrDict.ref),
    }),
  ),
);

/** Where a secret's or config's content comes from, and how it is named. */
const fileSourceFields = {
  name: Type.Optional(Type.String()),
  file: Type.Optional(Type.String()),
  environment: Type.Optional(Type.String()),
  labels: Type.Optional(ListOrDict.ref),
  template_driver: Type.Optional(Type.String()),
};

export const Secret = define(
  'secret',
  ExtensibleObject({
    ...fileSourceFields,
    external: Type.Optional(openExternalFlag({})),
    driver: Type.Optional(Type.String()),
    driver_opts: Type.Optional(DriverOpts),
  }),
);

export const Config = define(
  'config',
  ExtensibleObject({
    ...fileSourceFields,
    content: Type.Optional(Type.String()),
    external: Type.Optional(openExternalFlag({ deprecated: true })),
  }),
);
