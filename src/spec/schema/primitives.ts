/**
 * Shapes shared by many Compose fields: lists that may be written as mappings,
 * single strings that may be lists, commands, host lists, ulimits.
 */
import { Type } from '@sinclair/typebox';
import { ANY_KEY_PATTERN, RESOURCE_NAME_PATTERN } from './key-patterns.js';
import {
  define,
  ExtensibleObject,
  IntegerOrString,
  OfTypes,
  OneOf,
  PatternMapping,
} from './kit.js';

export { ANY_KEY_PATTERN, RESOURCE_NAME_PATTERN };

/** `[a, b]` with no repeated item. */
export const ListOfStrings = define(
  'list_of_strings',
  Type.Array(Type.String(), { uniqueItems: true }),
);

/** `dns: 8.8.8.8` or `dns: [8.8.8.8, 1.1.1.1]`. */
export const StringOrList = define('string_or_list', OneOf([Type.String(), ListOfStrings.ref]));

/**
 * `environment`, `labels` and friends: a mapping of scalars (null means "no
 * value") or a list of `KEY=VALUE` strings.
 */
export const ListOrDict = define(
  'list_or_dict',
  OneOf([
    PatternMapping('.+', OfTypes('string', 'number', 'boolean', 'null'), { closed: true }),
    Type.Array(Type.String(), { uniqueItems: true }),
  ]),
);

/** `command`/`entrypoint`: null (unset), a shell string, or an exec list. */
export const Command = define(
  'command',
  OneOf([Type.Null(), Type.String(), Type.Array(Type.String())]),
);

/** `extra_hosts`: `host: ip` (or a list of IPs per host), or `host=ip` / `host:ip` strings. */
export const ExtraHosts = define(
  'extra_hosts',
  OneOf([
    PatternMapping('.+', OneOf([Type.String(), Type.Array(Type.String())]), { closed: true }),
    Type.Array(Type.String(), { uniqueItems: true }),
  ]),
);

/** `ulimits`: `nofile: 65535` or `nofile: {soft: 1024, hard: 4096}`; keys are lower-case names. */
export const Ulimits = define(
  'ulimits',
  PatternMapping(
    '^[a-z]+$',
    OneOf([IntegerOrString, ExtensibleObject({ hard: IntegerOrString, soft: IntegerOrString })]),
    { closed: false },
  ),
);

/** Driver options: any key, string or number values. */
export const DriverOpts = PatternMapping(ANY_KEY_PATTERN, OfTypes('string', 'number'), {
  closed: false,
});
