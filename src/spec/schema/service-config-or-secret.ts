/** Service-level `secrets` and `configs` (also `build.secrets`): grants of top-level resources. */
import { Type } from '@sinclair/typebox';
import { define, ExtensibleObject, NumberOrString, OneOf } from './kit.js';

/** `- db_password` or `- {source: db_password, target: /run/secrets/db, mode: 0400}`. */
const FileGrant = ExtensibleObject({
  source: Type.Optional(Type.String()),
  target: Type.Optional(Type.String()),
  uid: Type.Optional(Type.String()),
  gid: Type.Optional(Type.String()),
  mode: Type.Optional(NumberOrString),
});

export const ServiceConfigOrSecret = define(
  'service_config_or_secret',
  Type.Array(OneOf([Type.String(), FileGrant])),
);
