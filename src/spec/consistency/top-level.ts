import type { Project } from '../model.js';
import type { ConsistencyRule, Finding } from './rule.js';

const KINDS = ['networks', 'volumes', 'secrets', 'configs'] as const;
type Kind = (typeof KINDS)[number];

function singular(kind: Kind): string {
  return kind.slice(0, -1);
}

/** An external resource is only looked up, so nothing but its `name` (and `x-*`) may be set. */
export const externalResources: ConsistencyRule = {
  name: 'external-resources',
  check: (project: Project) =>
    KINDS.flatMap((kind) =>
      Object.entries(project[kind]).flatMap(([key, resource]): Finding[] => {
        if (resource.external !== true) return [];
        const extra = Object.keys(resource).filter(
          (field) => !['external', 'name'].includes(field) && !field.startsWith('x-'),
        );
        return extra.map((field) => ({
          code: 'external.conflict',
          message: `conflicting parameters "external" and "${field}" specified for ${singular(kind)} "${key}"`,
          path: [kind, key, field],
        }));
      }),
    ),
};

function sourceCount(resource: object, fields: readonly string[]): number {
  return fields.filter((field) => (resource as Record<string, unknown>)[field] !== undefined)
    .length;
}

/** Secrets need one of `file|environment` (unless external or driver-backed), configs exactly one of `file|environment|content`. */
export const resourceSources: ConsistencyRule = {
  name: 'resource-sources',
  check: (project: Project) => {
    const findings: Finding[] = [];
    for (const [key, secret] of Object.entries(project.secrets)) {
      if (secret.external === true || secret.driver !== undefined) continue;
      if (sourceCount(secret, ['file', 'environment']) !== 1) {
        findings.push({
          code: 'secret.source',
          message: `secret "${key}" must declare either "file" or "environment"`,
          path: ['secrets', key],
        });
      }
    }
    for (const [key, config] of Object.entries(project.configs)) {
      if (config.external === true) continue;
      if (sourceCount(config, ['file', 'environment', 'content']) !== 1) {
        findings.push({
          code: 'config.source',
          message: `config "${key}" must declare exactly one of "file", "environment" or "content"`,
          path: ['configs', key],
        });
      }
    }
    return findings;
  },
};
