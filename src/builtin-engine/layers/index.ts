export { detectCompression, type Compression } from './decompress.js';
export { LayerUnpackError, type LayerErrorCode } from './errors.js';
export { entryComponents } from './safe-path.js';
export { commandSpecialFiles, type NodeKind, type SpecialFiles } from './special-files.js';
export { unpackLayer, type UnpackOptions, type UnpackResult } from './unpack.js';
