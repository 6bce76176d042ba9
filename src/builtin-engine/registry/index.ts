export { RegistryError, type RegistryErrorCode } from './errors.js';
export { hostPlatform, selectManifest } from './platform.js';
export type { PullProgress, PullProgressSink } from './progress.js';
export { pullImage, type PullOptions, type PullResult } from './pull.js';
export { parseWwwAuthenticate, type Challenge } from './www-authenticate.js';
