/**
 * The pure planner: desired `Project` + observed `ActualState` → `Plan`.
 * Nothing here performs I/O or reads the clock.
 */
export { planUp } from './plan-up.js';
export { planDown } from './plan-down.js';
export { renderPlanText } from './plan-text.js';
export type { PlanInputs } from './plan-context.js';
export { containerSpecFor, type ContainerSpecInputs } from './container-spec.js';
export {
  serviceHash,
  networkConfigHash,
  volumeConfigHash,
  resolveServiceReferences,
  type ResolvedNames,
} from './service-hash.js';
export {
  dependencyGraph,
  serviceDependencies,
  withDependencies,
  withDependents,
  type DependencyGraph,
  type ServiceEdge,
} from './graph.js';
export { configChanges, describeChanges, type FieldChange } from './changes.js';
export { networkSpecFor } from './plan-networks.js';
export { volumeSpecFor } from './plan-volumes.js';
export { expectedScale } from './plan-containers.js';
export { containerName, serviceImage, networkName, volumeName } from './names.js';
export { DependencyCycleError, PlannerError, type PlannerErrorCode } from './errors.js';
export type * from './types.js';
