/** The lifecycle API the commands are thin layers over (and `src/index.ts` may export). */
export { up, planProjectUp, servicesToWaitFor, type UpOptions, type UpResult } from './up.js';
export { down, planProjectDown, type DownOptions, type DownResult } from './down.js';
export { ps, CONTAINER_STATES, type PsOptions } from './ps.js';
export { projectFromLabels, parseDependsOnLabel } from './project-from-labels.js';
export {
  waitForServices,
  serviceVerdict,
  ServiceWaitError,
  type WaitFailure,
} from './wait-services.js';
export type { RunOptions } from './apply.js';
