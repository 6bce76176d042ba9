/** YAML decoding for compose files; see `yaml/parse.ts`. */
export { parseComposeYaml, type ParsedDocument } from './yaml/parse.js';
export { resolvePlainScalar } from './yaml/scalars.js';
export { MAX_ALIAS_EXPANDED_NODES } from './yaml/decode.js';
