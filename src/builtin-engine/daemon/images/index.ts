export { applyChanges, type ImportedConfig } from './image-changes.js';
export { decideRemoval, isSingleReference } from './image-removal.js';
export { fullContainerConfig } from './image-shapes.js';
export { StoreImageService, type StoreImageServiceOptions } from './image-service.js';
