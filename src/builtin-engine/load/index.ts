export { ImageLoadError, type LoadErrorCode } from './errors.js';
export { loadImageArchive, loadMessages, type LoadedImage } from './load-archive.js';
