import type { Diagnostic, SourcePosition, WarningSink } from './diagnostics.js';
import type { KeyPath } from './key-path.js';
import type { Project } from './model.js';
import { buildFields, imageOrBuild } from './consistency/build-rules.js';
import { dependencyCycles } from './consistency/cycles.js';
import { publishedPorts } from './consistency/published-ports.js';
import { declaredResources, dependencies, networkMode } from './consistency/references.js';
import { resourceLimits, scale } from './consistency/replicas.js';
import type { ConsistencyRule } from './consistency/rule.js';
import {
  deviceRequests,
  healthcheckTest,
  mountTargets,
  watchTargets,
} from './consistency/service-fields.js';
import { externalResources, resourceSources } from './consistency/top-level.js';

/** Every semantic rule of §12, in the order their errors are listed. */
export const CONSISTENCY_RULES: readonly ConsistencyRule[] = [
  imageOrBuild,
  buildFields,
  networkMode,
  declaredResources,
  dependencies,
  dependencyCycles,
  healthcheckTest,
  scale,
  resourceLimits,
  watchTargets,
  mountTargets,
  deviceRequests,
  publishedPorts,
  externalResources,
  resourceSources,
];

export interface ConsistencyOptions {
  readonly locate?: (path: KeyPath) => SourcePosition | undefined;
  readonly warn: WarningSink;
}

/** Runs every rule on the profile-filtered project; returns the errors (empty when consistent). */
export function checkConsistency(project: Project, options: ConsistencyOptions): Diagnostic[] {
  return CONSISTENCY_RULES.flatMap((rule) =>
    rule.check(project).map((finding): Diagnostic => {
      const position = options.locate?.(finding.path);
      return {
        severity: 'error',
        ...finding,
        ...(position ? { position, file: position.file } : {}),
      };
    }),
  );
}
