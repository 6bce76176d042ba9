import { stringify } from 'yaml';
import { serviceConfigHash } from '../planner/config-hash.js';
import { projectToComposeModel } from '../spec/canonical.js';
import { ComposeError } from '../spec/diagnostics.js';
import type { LoadedProject } from '../spec/load.js';
import { listProfiles } from '../spec/profiles.js';
import { collectVariables } from '../spec/variables.js';

/** What `tscompose config` was asked to print. */
export type ConfigView =
  | { kind: 'model'; format: 'yaml' | 'json'; normalize: boolean; escapeDollars: boolean }
  | { kind: 'services' | 'volumes' | 'networks' | 'profiles' | 'images' | 'environment' }
  | { kind: 'hash'; services: string }
  | { kind: 'variables'; format: 'yaml' | 'json' };

/** Renders one view of a loaded project as the text `config` prints. */
export function renderConfig(loaded: LoadedProject, view: ConfigView): string {
  const { project } = loaded;
  switch (view.kind) {
    case 'model': {
      const model = view.normalize ? projectToComposeModel(project) : loaded.model;
      const text =
        view.format === 'json' ? `${JSON.stringify(model, null, 2)}\n` : serializeYaml(model);
      // As docker compose does: an interpolated model is printed with every `$`
      // doubled, so that loading the output again yields the same values.
      return view.escapeDollars ? text.replaceAll('$', '$$$$') : text;
    }
    case 'services':
      return lines(Object.keys(project.services).sort());
    case 'volumes':
      return lines(Object.keys(project.volumes ?? {}));
    case 'networks':
      return lines(Object.keys(project.networks ?? {}));
    case 'profiles':
      return lines(listProfiles(loaded.project));
    case 'images':
      return lines(
        Object.entries(project.services)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, service]) => service.image ?? `${project.name}-${name}`),
      );
    case 'environment':
      return lines(
        Object.entries(loaded.environment)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, value]) => `${name}=${value}`),
      );
    case 'hash':
      return renderHashes(project, view.services);
    case 'variables':
      return renderVariables(loaded, view.format);
  }
}

function renderHashes(project: LoadedProject['project'], wanted: string): string {
  const model = projectToComposeModel(project);
  const services = (model.services ?? {}) as Record<string, Record<string, unknown>>;
  const names =
    wanted.trim() === '*'
      ? Object.keys(services).sort()
      : wanted.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(name in services));
  if (unknown.length > 0) {
    throw ComposeError.of({
      code: 'service.unknown',
      message: `no such service: ${unknown.join(', ')}`,
    });
  }
  return lines(names.map((name) => `${name} ${serviceConfigHash(services[name]!)}`));
}

function renderVariables(loaded: LoadedProject, format: 'yaml' | 'json'): string {
  const variables = loaded.documents.flatMap((document) => collectVariables(document));
  const byName = new Map(variables.map((variable) => [variable.name, variable]));
  const sorted = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  if (format === 'json') return `${JSON.stringify(sorted, null, 2)}\n`;
  const rows = [
    ['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE'],
    ...sorted.map((v) => [
      v.name,
      String(v.required),
      v.defaultValue ?? '',
      v.alternateValue ?? '',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return lines(
    rows.map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]! + 3))
        .join('')
        .trimEnd(),
    ),
  );
}

/** YAML as `docker compose config` prints it: block style, 2-space indent, no folding. */
export function serializeYaml(model: unknown): string {
  return stringify(model, {
    indent: 2,
    lineWidth: 0,
    minContentWidth: 0,
    aliasDuplicateObjects: false,
  });
}

function lines(items: readonly string[]): string {
  return items.length === 0 ? '' : `${items.join('\n')}\n`;
}
