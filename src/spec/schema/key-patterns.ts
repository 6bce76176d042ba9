/**
 * Key patterns of the Compose schema. Kept apart from the TypeBox builders so
 * that runtime code (error messages) can use them without loading TypeBox.
 */

/** Keys of extension fields: accepted with any value wherever a mapping is extensible. */
export const EXTENSION_KEY_PATTERN = '^x-';

/**
 * User-chosen names of services, volumes, secrets, configs (and of entries of
 * `depends_on`, service `networks`/`models`). `x-foo` matches too: under these
 * mappings it names a resource, it is not an extension field.
 */
export const RESOURCE_NAME_PATTERN = '^[a-zA-Z0-9._-]+$';

/** Keys of free-form option mappings (`driver_opts`, `logging.options`): any non-empty key. */
export const ANY_KEY_PATTERN = '^.+$';
