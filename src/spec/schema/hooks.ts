/** Lifecycle hooks of a service: commands run in (or before) its containers. */
import { Type } from '@sinclair/typebox';
import { BooleanOrString, define, ExtensibleObject } from './kit.js';
import { Command, ListOrDict } from './primitives.js';

const hookRunAs = {
  user: Type.Optional(Type.String()),
  privileged: Type.Optional(BooleanOrString),
  working_dir: Type.Optional(Type.String()),
  environment: Type.Optional(ListOrDict.ref),
};

/** `post_start`, `pre_stop` and `develop.watch[].exec`: a command is what a hook is for. */
export const ServiceHook = define(
  'service_hook',
  ExtensibleObject({ command: Command.ref, ...hookRunAs }),
);

/**
 * `pre_start`: runs in a one-off container before the service starts, possibly
 * from another image and once per replica; the command may come from the image.
 */
export const PreStartHook = define(
  'pre_start_hook',
  ExtensibleObject({
    command: Type.Optional(Command.ref),
    image: Type.Optional(Type.String()),
    ...hookRunAs,
    per_replica: Type.Optional(BooleanOrString),
  }),
);
