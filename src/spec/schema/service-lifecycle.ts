/** How a service starts, stops and is watched: dependencies, health checks, hooks, logging. */
import { Type } from '@sinclair/typebox';
import {
  BooleanOrString,
  ClosedObject,
  define,
  ExtensibleObject,
  NumberOrString,
  OfTypes,
  OneOf,
  PatternMapping,
  StringEnum,
} from './kit.js';
import { Development } from './develop.js';
import { Deployment } from './deploy.js';
import { PreStartHook, ServiceHook } from './hooks.js';
import { ListOfStrings, RESOURCE_NAME_PATTERN } from './primitives.js';

export const DEPENDENCY_CONDITIONS = [
  'service_started',
  'service_healthy',
  'service_completed_successfully',
] as const;

/** One dependency in the long form; the condition is what the long form is for. */
const Dependency = ExtensibleObject({
  condition: StringEnum(DEPENDENCY_CONDITIONS),
  required: Type.Optional(Type.Boolean({ default: true })),
  restart: Type.Optional(BooleanOrString),
});

/** `depends_on: [db]` or `depends_on: {db: {condition: service_healthy}}`; keys are service names. */
export const DependsOn = define(
  'depends_on',
  OneOf([ListOfStrings.ref, PatternMapping(RESOURCE_NAME_PATTERN, Dependency, { closed: true })]),
);

export const Healthcheck = define(
  'healthcheck',
  ExtensibleObject({
    test: Type.Optional(OneOf([Type.String(), Type.Array(Type.String())])),
    interval: Type.Optional(Type.String()),
    timeout: Type.Optional(Type.String()),
    retries: Type.Optional(NumberOrString),
    start_period: Type.Optional(Type.String()),
    start_interval: Type.Optional(Type.String()),
    disable: Type.Optional(BooleanOrString),
  }),
);

/** `extends: base` (same file) or `{service, file}`; no extension fields here. */
const Extends = OneOf([
  Type.String(),
  ClosedObject({ service: Type.String(), file: Type.Optional(Type.String()) }),
]);

const Logging = ExtensibleObject({
  driver: Type.Optional(Type.String()),
  options: Type.Optional(
    PatternMapping('^.+$', OfTypes('string', 'number', 'null'), { closed: false }),
  ),
});

export const serviceLifecycleFields = {
  extends: Type.Optional(Extends),
  depends_on: Type.Optional(DependsOn.ref),
  healthcheck: Type.Optional(Healthcheck.ref),
  restart: Type.Optional(Type.String()),
  scale: Type.Optional(OfTypes('integer', 'string')),
  deploy: Type.Optional(Deployment.ref),
  develop: Type.Optional(Development.ref),
  pre_start: Type.Optional(Type.Array(PreStartHook.ref)),
  post_start: Type.Optional(Type.Array(ServiceHook.ref)),
  pre_stop: Type.Optional(Type.Array(ServiceHook.ref)),
  stop_signal: Type.Optional(Type.String()),
  stop_grace_period: Type.Optional(Type.String()),
  logging: Type.Optional(Logging),
  attach: Type.Optional(BooleanOrString),
  profiles: Type.Optional(ListOfStrings.ref),
};
