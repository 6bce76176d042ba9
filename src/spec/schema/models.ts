/** AI models: the top-level `models` resources and a service's use of them. */
import { Type } from '@sinclair/typebox';
import { define, ExtensibleObject, OneOf, PatternMapping } from './kit.js';
import { ListOfStrings, RESOURCE_NAME_PATTERN } from './primitives.js';

/** A model to pull and run; `model` (the OCI reference) is what makes it one. */
export const Model = define(
  'model',
  ExtensibleObject({
    model: Type.String(),
    name: Type.Optional(Type.String()),
    context_size: Type.Optional(Type.Integer()),
    runtime_flags: Type.Optional(Type.Array(Type.String())),
  }),
);

/**
 * `models: [llm]`, or `models: {llm: {endpoint_var: LLM_URL}}` (or `llm:` with no
 * value) to name the variables that receive the model's endpoint and name.
 */
export const ServiceModels = define(
  'service_models',
  OneOf([
    ListOfStrings.ref,
    PatternMapping(
      RESOURCE_NAME_PATTERN,
      OneOf([
        ExtensibleObject({
          endpoint_var: Type.Optional(Type.String()),
          model_var: Type.Optional(Type.String()),
        }),
        Type.Null(),
      ]),
      { closed: false },
    ),
  ]),
);
