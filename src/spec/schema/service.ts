/** One service: a container definition, assembled from the area modules. */
import { Type } from '@sinclair/typebox';
import { BooleanOrString, define, ExtensibleObject, OfTypes, OneOf } from './kit.js';
import { Build } from './build.js';
import { ServiceModels } from './models.js';
import { Command, ListOrDict } from './primitives.js';
import { serviceLifecycleFields } from './service-lifecycle.js';
import { serviceNetworkFields } from './service-network.js';
import { serviceResourceFields } from './service-resources.js';
import { serviceStorageFields } from './service-storage.js';

/**
 * `env_file: .env`, or a list of paths / `{path, required, format}`. Not
 * extensible: compose-go decodes these entries strictly.
 */
export const EnvFile = define(
  'env_file',
  OneOf([
    Type.String(),
    Type.Array(
      OneOf([
        Type.String(),
        Type.Object(
          {
            path: Type.String(),
            format: Type.Optional(Type.String()),
            required: Type.Optional(
              Type.Unsafe<boolean | string>({ type: ['boolean', 'string'], default: true }),
            ),
          },
          { additionalProperties: false },
        ),
      ]),
    ),
  ]),
);

/** `label_file`: one path or several. */
const LabelFile = OneOf([Type.String(), Type.Array(Type.String())]);

/** Another Compose-aware tool provides this service (`provider: {type: model}`). */
const ProviderOptionValue = OfTypes('string', 'number', 'boolean');
const Provider = ExtensibleObject({
  type: Type.String(),
  options: Type.Optional(
    Type.Unsafe<Record<string, unknown>>({
      type: 'object',
      patternProperties: { '^.+$': OneOf([ProviderOptionValue, Type.Array(ProviderOptionValue)]) },
    }),
  ),
});

const serviceImageFields = {
  image: Type.Optional(Type.String()),
  build: Type.Optional(Build.ref),
  platform: Type.Optional(Type.String()),
  // Unanchored, as in the specification: the value must contain one of these words.
  pull_policy: Type.Optional(
    Type.String({
      pattern:
        'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+',
    }),
  ),
  pull_refresh_after: Type.Optional(Type.String()),
  provider: Type.Optional(Provider),
  models: Type.Optional(ServiceModels.ref),
};

const serviceProcessFields = {
  // Unanchored too: at least two name characters somewhere in the value.
  container_name: Type.Optional(Type.String({ pattern: '[a-zA-Z0-9][a-zA-Z0-9_.-]+' })),
  command: Type.Optional(Command.ref),
  entrypoint: Type.Optional(Command.ref),
  user: Type.Optional(Type.String()),
  init: Type.Optional(BooleanOrString),
  tty: Type.Optional(BooleanOrString),
  stdin_open: Type.Optional(BooleanOrString),
  environment: Type.Optional(ListOrDict.ref),
  env_file: Type.Optional(EnvFile.ref),
  labels: Type.Optional(ListOrDict.ref),
  label_file: Type.Optional(LabelFile),
  annotations: Type.Optional(ListOrDict.ref),
  use_api_socket: Type.Optional(Type.Boolean()),
};

export const Service = define(
  'service',
  ExtensibleObject({
    ...serviceImageFields,
    ...serviceProcessFields,
    ...serviceLifecycleFields,
    ...serviceNetworkFields,
    ...serviceStorageFields,
    ...serviceResourceFields,
  }),
);
