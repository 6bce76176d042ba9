/**
 * Why planning can fail outright (as opposed to a `PlanBlocker`, which is a plan
 * that exists but must not be applied): the project itself cannot be ordered.
 */
export type PlannerErrorCode =
  | 'planner.dependency-cycle'
  | 'planner.dependency-disabled'
  | 'planner.dependency-missing'
  | 'planner.no-such-service'
  | 'planner.internal';

export class PlannerError extends Error {
  override readonly name = 'PlannerError';
  readonly code: PlannerErrorCode;
  /** The service (or plan action) the error concerns. */
  readonly resource: string;

  constructor(
    code: PlannerErrorCode,
    resource: string,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.resource = resource;
  }
}

/** A `depends_on` cycle; `cycle` starts and ends with the same service. */
export class DependencyCycleError extends PlannerError {
  readonly cycle: readonly string[];

  constructor(cycle: readonly string[]) {
    super(
      'planner.dependency-cycle',
      cycle[0] ?? '',
      `dependency cycle detected: ${cycle.join(' -> ')}`,
    );
    this.cycle = cycle;
  }
}
