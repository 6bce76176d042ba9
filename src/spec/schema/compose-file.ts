/**
 * The root of a Compose file (and of the merged model the loader validates).
 * `ComposeFileSchema` is the one source of both `schemas/compose.schema.json`
 * (written by `scripts/build-schema.ts`) and the `RawComposeFile` type.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Definition } from './kit.js';
import { EXTENSION_KEY_PATTERN, PatternMapping } from './kit.js';
import { Build } from './build.js';
import { DeviceRequests, Deployment, Gpus } from './deploy.js';
import { Development } from './develop.js';
import { PreStartHook, ServiceHook } from './hooks.js';
import { Include } from './include.js';
import { Model, ServiceModels } from './models.js';
import {
  Command,
  ExtraHosts,
  ListOfStrings,
  ListOrDict,
  RESOURCE_NAME_PATTERN,
  StringOrList,
  Ulimits,
} from './primitives.js';
import { Config, Network, Secret, Volume } from './resources.js';
import { ServiceConfigOrSecret } from './service-config-or-secret.js';
import { DependsOn, Healthcheck } from './service-lifecycle.js';
import { ServiceNetworks, ServicePorts } from './service-network.js';
import { BlkioConfig } from './service-resources.js';
import { ServiceVolumes } from './service-storage.js';
import { EnvFile, Service } from './service.js';

/** Every named definition, emitted under `$defs` in this order. */
const definitions: readonly Definition<TSchema>[] = [
  Service,
  Build,
  DependsOn,
  Healthcheck,
  Deployment,
  DeviceRequests,
  Gpus,
  Development,
  ServiceHook,
  PreStartHook,
  ServiceNetworks,
  ServicePorts,
  ServiceVolumes,
  ServiceConfigOrSecret,
  ServiceModels,
  BlkioConfig,
  EnvFile,
  Include,
  Network,
  Volume,
  Secret,
  Config,
  Model,
  Command,
  ListOfStrings,
  StringOrList,
  ListOrDict,
  ExtraHosts,
  Ulimits,
];

/**
 * Services, volumes, secrets and configs must have well-formed names; the
 * specification leaves `networks` and `models` open (other keys pass unchecked).
 */
function named<T extends TSchema>(definition: Definition<T>, options: { closed: boolean }) {
  return PatternMapping(RESOURCE_NAME_PATTERN, definition.ref, options);
}

export const ComposeFileSchema = Type.Object(
  {
    version: Type.Optional(
      Type.String({ deprecated: true, description: 'Obsolete; ignored with a warning.' }),
    ),
    name: Type.Optional(Type.String({ description: 'The project name.' })),
    include: Type.Optional(Type.Array(Include.ref)),
    services: Type.Optional(named(Service, { closed: true })),
    networks: Type.Optional(named(Network, { closed: false })),
    volumes: Type.Optional(named(Volume, { closed: true })),
    secrets: Type.Optional(named(Secret, { closed: true })),
    configs: Type.Optional(named(Config, { closed: true })),
    models: Type.Optional(named(Model, { closed: false })),
  },
  {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'tscompose-compose.schema.json',
    title: 'Compose file (tscompose)',
    description:
      'A Compose file as tscompose validates it, after interpolation and merge. Generated from src/spec/schema/.',
    additionalProperties: false,
    patternProperties: { [EXTENSION_KEY_PATTERN]: {} },
    $defs: Object.fromEntries(
      definitions.map((definition) => [definition.name, definition.schema]),
    ),
  },
);

/** A compose model as written (before normalization to the long syntax). */
export type RawComposeFile = Static<typeof ComposeFileSchema>;
