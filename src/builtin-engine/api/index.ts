/** The built-in engine's HTTP facade: the Docker Engine API v1.41 subset on a unix socket. */
export { startApiServer, buildRouter, type ApiServer, type ApiServerOptions } from './server.js';
export { API_VERSION, MIN_API_VERSION, Router, compareVersions, splitVersion } from './router.js';
export {
  boolParam,
  decodeRegistryAuth,
  intParam,
  parseFilters,
  tailParam,
  timeParam,
} from './query.js';
export {
  MULTIPLEXED_STREAM,
  RAW_STREAM,
  encodeOutput,
  parseStdcopy,
  stdcopyFrame,
} from './streams.js';
export { prepareSocketPath, socketAnswers } from './socket-file.js';
