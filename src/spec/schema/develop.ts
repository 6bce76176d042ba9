/** `develop`: how watch mode keeps running containers in step with source files. */
import { Type } from '@sinclair/typebox';
import { define, ExtensibleObject, NullableObject, StringEnum } from './kit.js';
import { ServiceHook } from './hooks.js';
import { StringOrList } from './primitives.js';

export const WATCH_ACTIONS = ['rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec'] as const;

/** One watch rule: which path, which action; `path` and `action` are what a rule means. */
const WatchRule = ExtensibleObject({
  path: Type.String(),
  action: StringEnum(WATCH_ACTIONS),
  target: Type.Optional(Type.String()),
  ignore: Type.Optional(StringOrList.ref),
  include: Type.Optional(StringOrList.ref),
  exec: Type.Optional(ServiceHook.ref),
  initial_sync: Type.Optional(Type.Boolean()),
});

export const Development = define(
  'development',
  NullableObject(ExtensibleObject({ watch: Type.Optional(Type.Array(WatchRule)) })),
);
