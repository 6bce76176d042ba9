export { toCanonicalModel, type CanonicalModelOptions } from './canonical-model.js';
export { normalizeProject, type NormalizeProjectOptions } from './project.js';
