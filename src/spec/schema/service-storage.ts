/** A service's file-system fields: mounts, tmpfs, secrets and configs. */
import { Type } from '@sinclair/typebox';
import {
  BooleanOrString,
  define,
  ExtensibleObject,
  NumberOrString,
  OfTypes,
  OneOf,
  StringEnum,
} from './kit.js';
import { ListOrDict, StringOrList } from './primitives.js';
import { ServiceConfigOrSecret } from './service-config-or-secret.js';

export const MOUNT_TYPES = ['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'] as const;

/** The long volume syntax; `type` decides which of the per-type blocks applies. */
const Mount = ExtensibleObject({
  type: StringEnum(MOUNT_TYPES),
  source: Type.Optional(Type.String()),
  target: Type.Optional(Type.String()),
  read_only: Type.Optional(BooleanOrString),
  consistency: Type.Optional(Type.String()),
  bind: Type.Optional(
    ExtensibleObject({
      propagation: Type.Optional(Type.String()),
      create_host_path: Type.Optional(BooleanOrString),
      recursive: Type.Optional(StringEnum(['enabled', 'disabled', 'writable', 'readonly'])),
      selinux: Type.Optional(StringEnum(['z', 'Z'])),
    }),
  ),
  volume: Type.Optional(
    ExtensibleObject({
      labels: Type.Optional(ListOrDict.ref),
      nocopy: Type.Optional(BooleanOrString),
      subpath: Type.Optional(Type.String()),
    }),
  ),
  tmpfs: Type.Optional(
    ExtensibleObject({
      size: Type.Optional(OneOf([Type.Integer({ minimum: 0 }), Type.String()])),
      mode: Type.Optional(NumberOrString),
    }),
  ),
  image: Type.Optional(ExtensibleObject({ subpath: Type.Optional(Type.String()) })),
});

/** `- ./data:/data:ro` or a long-syntax mount; the same mount twice is an error. */
export const ServiceVolumes = define(
  'service_volumes',
  Type.Array(OneOf([Type.String(), Mount]), { uniqueItems: true }),
);

export const serviceStorageFields = {
  volumes: Type.Optional(ServiceVolumes.ref),
  volumes_from: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
  tmpfs: Type.Optional(StringOrList.ref),
  secrets: Type.Optional(ServiceConfigOrSecret.ref),
  configs: Type.Optional(ServiceConfigOrSecret.ref),
  storage_opt: Type.Optional(OfTypes('object')),
  working_dir: Type.Optional(Type.String()),
  read_only: Type.Optional(BooleanOrString),
};
