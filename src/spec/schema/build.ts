/** `build`: how to build a service's image, as a context path or a full mapping. */
import { Type } from '@sinclair/typebox';
import {
  BooleanOrString,
  define,
  ExtensibleObject,
  IntegerOrString,
  OfTypes,
  OneOf,
} from './kit.js';
import { ExtraHosts, ListOrDict, StringOrList, Ulimits } from './primitives.js';
import { ServiceConfigOrSecret } from './service-config-or-secret.js';

const strings = () => Type.Array(Type.String());

const BuildOptions = ExtensibleObject({
  // What to build from
  context: Type.Optional(Type.String()),
  dockerfile: Type.Optional(Type.String()),
  dockerfile_inline: Type.Optional(Type.String()),
  additional_contexts: Type.Optional(ListOrDict.ref),
  target: Type.Optional(Type.String()),
  args: Type.Optional(ListOrDict.ref),
  // What to produce
  tags: Type.Optional(strings()),
  labels: Type.Optional(ListOrDict.ref),
  platforms: Type.Optional(strings()),
  provenance: Type.Optional(OfTypes('string', 'boolean')),
  sbom: Type.Optional(OfTypes('string', 'boolean')),
  // Cache and pulls
  cache_from: Type.Optional(strings()),
  cache_to: Type.Optional(strings()),
  no_cache: Type.Optional(BooleanOrString),
  no_cache_filter: Type.Optional(StringOrList.ref),
  pull: Type.Optional(BooleanOrString),
  // The build container
  network: Type.Optional(Type.String()),
  extra_hosts: Type.Optional(ExtraHosts.ref),
  shm_size: Type.Optional(IntegerOrString),
  ulimits: Type.Optional(Ulimits.ref),
  isolation: Type.Optional(Type.String()),
  privileged: Type.Optional(BooleanOrString),
  entitlements: Type.Optional(strings()),
  // Credentials
  ssh: Type.Optional(ListOrDict.ref),
  secrets: Type.Optional(ServiceConfigOrSecret.ref),
});

export const Build = define('build', OneOf([Type.String(), BuildOptions]));
