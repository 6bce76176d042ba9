/** `deploy` and GPU requests: placement, replicas and resources of a service. */
import { Type } from '@sinclair/typebox';
import {
  define,
  ExtensibleObject,
  IntegerOrString,
  NullableObject,
  NumberOrString,
  OneOf,
  StringEnum,
} from './kit.js';
import { ListOfStrings, ListOrDict } from './primitives.js';

/** A device request (`deploy.resources.reservations.devices[]`, `gpus[]`). */
const deviceRequestFields = {
  capabilities: ListOfStrings.ref,
  count: Type.Optional(IntegerOrString),
  device_ids: Type.Optional(ListOfStrings.ref),
  driver: Type.Optional(Type.String()),
  options: Type.Optional(ListOrDict.ref),
};

/** Reserved devices must say which capabilities they need. */
export const DeviceRequests = define(
  'device_requests',
  Type.Array(ExtensibleObject(deviceRequestFields)),
);

/**
 * `gpus: all`, or a list of requests. Unlike reserved devices, a GPU request
 * needs no `capabilities` and may carry other keys.
 */
export const Gpus = define(
  'gpus',
  OneOf([
    StringEnum(['all']),
    Type.Array(
      Type.Object({ ...deviceRequestFields, capabilities: Type.Optional(ListOfStrings.ref) }),
    ),
  ]),
);

const GenericResources = Type.Array(
  ExtensibleObject({
    discrete_resource_spec: Type.Optional(
      ExtensibleObject({
        kind: Type.Optional(Type.String()),
        value: Type.Optional(NumberOrString),
      }),
    ),
  }),
);

/** `update_config` and `rollback_config` share one shape. */
const RolloutConfig = ExtensibleObject({
  parallelism: Type.Optional(IntegerOrString),
  delay: Type.Optional(Type.String()),
  failure_action: Type.Optional(Type.String()),
  monitor: Type.Optional(Type.String()),
  max_failure_ratio: Type.Optional(NumberOrString),
  order: Type.Optional(StringEnum(['start-first', 'stop-first'])),
});

const Resources = ExtensibleObject({
  limits: Type.Optional(
    ExtensibleObject({
      cpus: Type.Optional(NumberOrString),
      memory: Type.Optional(Type.String()),
      pids: Type.Optional(IntegerOrString),
    }),
  ),
  reservations: Type.Optional(
    ExtensibleObject({
      cpus: Type.Optional(NumberOrString),
      memory: Type.Optional(Type.String()),
      generic_resources: Type.Optional(GenericResources),
      devices: Type.Optional(DeviceRequests.ref),
    }),
  ),
});

const Placement = ExtensibleObject({
  constraints: Type.Optional(Type.Array(Type.String())),
  preferences: Type.Optional(
    Type.Array(ExtensibleObject({ spread: Type.Optional(Type.String()) })),
  ),
  max_replicas_per_node: Type.Optional(IntegerOrString),
});

const RestartPolicy = ExtensibleObject({
  condition: Type.Optional(Type.String()),
  delay: Type.Optional(Type.String()),
  max_attempts: Type.Optional(IntegerOrString),
  window: Type.Optional(Type.String()),
});

export const Deployment = define(
  'deployment',
  NullableObject(
    ExtensibleObject({
      mode: Type.Optional(Type.String()),
      endpoint_mode: Type.Optional(Type.String()),
      replicas: Type.Optional(IntegerOrString),
      labels: Type.Optional(ListOrDict.ref),
      rollback_config: Type.Optional(RolloutConfig),
      update_config: Type.Optional(RolloutConfig),
      resources: Type.Optional(Resources),
      restart_policy: Type.Optional(RestartPolicy),
      placement: Type.Optional(Placement),
    }),
  ),
);
