/** The executor: applies a `Plan` through the `Engine` port, reporting typed events. */
export { applyPlan } from './apply.js';
export { ExecutorError, type ExecutorErrorCode } from './errors.js';
export { publishesEphemeralPort, serialisedStarts } from './ephemeral-ports.js';
export { temporaryName } from './actions/container-recreate.js';
export type { ApplyOptions, ApplyPlan, ApplyResult, ExecutorEvent } from './types.js';
