export { ANONYMOUS_LABEL, type VolumeRecord } from './volume-record.js';
export { LocalVolumeService, type LocalVolumeServiceOptions } from './volume-service.js';
export { filtersOf } from '../filters.js';
