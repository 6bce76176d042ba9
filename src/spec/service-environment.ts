import { existsSync } from 'node:fs';
import { DiagnosticBag, type SourcePosition } from './diagnostics.js';
import type { KeyPath } from './key-path.js';
import { readEnvFile } from './env-file.js';
import type { Project, ServiceConfig } from './model.js';

/**
 * Folds each service's `env_file` entries into its `environment`, the last step of
 * compose-go's loader. Precedence, highest first: `environment`, then later env
 * files over earlier ones. A key written in `environment` without a value still
 * overrides (unsets) the same key from an env file. `${X}` inside an env file sees
 * the project environment, then the service's `environment`, then keys read before.
 * The `env_file` entries stay in the model so `config` shows where values came from.
 */
export function resolveServiceEnvironments(
  project: Project,
  projectEnvironment: Readonly<Record<string, string>>,
  locate: (path: KeyPath) => SourcePosition | undefined = () => undefined,
): Project {
  const errors = new DiagnosticBag();
  const services: Record<string, ServiceConfig> = {};
  for (const [name, service] of Object.entries(project.services)) {
    services[name] = resolveOne(name, service, projectEnvironment, errors, locate);
  }
  errors.throwIfAny();
  return { ...project, services };
}

function resolveOne(
  name: string,
  service: ServiceConfig,
  projectEnvironment: Readonly<Record<string, string>>,
  errors: DiagnosticBag,
  locate: (path: KeyPath) => SourcePosition | undefined,
): ServiceConfig {
  const envFiles = service.env_file ?? [];
  if (envFiles.length === 0) return service;
  const declared = service.environment ?? {};
  const fromFiles = new Map<string, string>();
  envFiles.forEach((entry, index) => {
    if (!existsSync(entry.path)) {
      if (entry.required !== false) {
        const path = ['services', name, 'env_file', index];
        errors.error({
          code: 'file.env-file-missing',
          message: `env file ${entry.path} not found`,
          path,
          position: locate(path),
          hint: 'create it, or mark the entry `required: false`',
        });
      }
      return;
    }
    const values = readEnvFile(entry.path, {
      format: entry.format === 'raw' ? 'raw' : 'default',
      lookup: (key) =>
        ownValue(projectEnvironment, key) ?? ownValue(declared, key) ?? fromFiles.get(key),
    });
    for (const [key, value] of values) fromFiles.set(key, value);
  });
  const environment: Record<string, string | null> = Object.fromEntries(fromFiles);
  for (const [key, value] of Object.entries(declared)) environment[key] = value ?? null;
  return { ...service, environment };
}

function ownValue(
  values: Readonly<Record<string, string | null | undefined>>,
  key: string,
): string | undefined {
  return Object.hasOwn(values, key) ? (values[key] ?? undefined) : undefined;
}
