import type { ServiceEdge } from './graph.js';
import type { UpContext } from './plan-context.js';

const WAIT_SUFFIX = {
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
} as const;

/** `wait:db:healthy` (required) or `wait:db:healthy:optional`. */
function waitFor(
  context: UpContext,
  edge: ServiceEdge,
  condition: keyof typeof WAIT_SUFFIX,
): string {
  const id = `wait:${edge.service}:${WAIT_SUFFIX[condition]}${edge.required ? '' : ':optional'}`;
  if (!context.builder.has(id)) {
    const what = condition === 'service_healthy' ? 'healthy' : 'completed successfully';
    context.builder.add(
      {
        type: 'container.wait',
        id,
        service: edge.service,
        condition,
        required: edge.required,
        reason: `dependents wait until ${edge.service} is ${what}${edge.required ? '' : ' (not required)'}`,
      },
      context.outcomes.get(edge.service)!.starts,
    );
  }
  return id;
}

/**
 * A start comes after the start of every dependency that is planned, or after
 * the wait for its condition (`service_healthy`, `service_completed_successfully`).
 * Dependencies outside the plan (`--no-deps`) or scaled to 0 are not waited on,
 * as in Docker Compose.
 */
export function orderStarts(context: UpContext): void {
  for (const serviceName of context.selected) {
    const starts = context.outcomes.get(serviceName)?.starts ?? [];
    if (starts.length === 0) continue;
    for (const edge of context.graph.dependencies.get(serviceName) ?? []) {
      const dependency = context.outcomes.get(edge.service);
      if (!dependency || dependency.expected === 0) continue;
      const condition = edge.condition;
      const before =
        condition === 'service_started' ? dependency.starts : [waitFor(context, edge, condition)];
      for (const start of starts) context.builder.addAfter(start, before);
    }
  }
}
