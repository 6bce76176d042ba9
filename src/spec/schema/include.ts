/** `include`: other compose files loaded as part of this project. */
import { Type } from '@sinclair/typebox';
import { ClosedObject, define, OneOf } from './kit.js';
import { StringOrList } from './primitives.js';

/** `- other/compose.yaml`, or a mapping naming files, their env files and project directory. */
export const Include = define(
  'include',
  OneOf([
    Type.String(),
    ClosedObject({
      path: Type.Optional(StringOrList.ref),
      env_file: Type.Optional(StringOrList.ref),
      project_directory: Type.Optional(Type.String()),
    }),
  ]),
);
