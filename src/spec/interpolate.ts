/**
 * Interpolation of compose values (rules §4): the `$` grammar, the walk over a model
 * with typed casts, and the errors they raise. Implementation lives in `interpolate/`.
 */
export {
  interpolateString,
  InterpolationError,
  type InterpolateStringContext,
  type VariableLookup,
} from './interpolate/substitute.js';
export {
  interpolateModel,
  interpolateModelInPlace,
  unsetVariableMessage,
  type InterpolateModelOptions,
} from './interpolate/walk.js';
export { castForPath, type CastResult } from './interpolate/casts.js';
export {
  scanDollar,
  type DollarToken,
  type DollarMatch,
  type Operator,
} from './interpolate/template.js';
