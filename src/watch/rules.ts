/**
 * `develop.watch` of the loaded project as typed `WatchRule`s. The typed model
 * keeps `develop` as written (`Extensible`), already normalized by the loader
 * (absolute `path`, `ignore`/`include` as lists), so this reads it defensively
 * and reports a bad rule with its key path instead of failing later in a batch.
 */
import { posix } from 'node:path';
import { splitShellWords } from '../spec/normalize/shell-words.js';
import { ComposeError, type Diagnostic } from '../spec/diagnostics.js';
import type { KeyPath } from '../spec/key-path.js';
import type { Project, ServiceConfig } from '../spec/model.js';
import type { ExecHook, WatchActionName, WatchRule } from './types.js';

const ACTIONS: readonly WatchActionName[] = [
  'sync',
  'rebuild',
  'restart',
  'sync+restart',
  'sync+exec',
];

/** Actions that copy files into containers, and so need a `target`. */
export const syncsFiles = (action: WatchActionName): boolean => action.startsWith('sync');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringList = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : [];

function environmentEntries(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((entry) => String(entry));
  if (!isRecord(value)) return [];
  return Object.entries(value).map(([key, item]) =>
    item === null || item === undefined ? key : `${key}=${String(item)}`,
  );
}

function execHook(value: unknown): ExecHook | undefined {
  if (!isRecord(value)) return undefined;
  const raw = value['command'];
  const command =
    typeof raw === 'string' ? splitShellWords(raw) : Array.isArray(raw) ? raw.map(String) : [];
  if (command.length === 0) return undefined;
  const privileged = value['privileged'];
  return {
    command,
    privileged: privileged === true || privileged === 'true',
    environment: environmentEntries(value['environment']),
    ...(typeof value['user'] === 'string' ? { user: value['user'] } : {}),
    ...(typeof value['working_dir'] === 'string' ? { workingDir: value['working_dir'] } : {}),
  };
}

/** One service's rules; problems go to `errors` with their key path. */
export function serviceWatchRules(service: ServiceConfig, errors: Diagnostic[]): WatchRule[] {
  const develop = service.develop;
  if (!isRecord(develop) || !Array.isArray(develop['watch'])) return [];
  const rules: WatchRule[] = [];
  develop['watch'].forEach((entry: unknown, index) => {
    const at: KeyPath = ['services', service.name, 'develop', 'watch', index];
    const fail = (key: string, message: string) =>
      errors.push({ severity: 'error', code: 'watch.rule', message, path: [...at, key] });
    if (!isRecord(entry)) return fail('path', 'a watch rule must be a mapping');
    const path = entry['path'];
    const action = entry['action'] as WatchActionName;
    if (typeof path !== 'string' || path === '')
      return fail('path', 'watch rules must define a path');
    if (!ACTIONS.includes(action))
      return fail('action', `unknown watch action ${JSON.stringify(action)}`);
    const rawTarget = entry['target'];
    let target: string | undefined;
    if (typeof rawTarget === 'string' && rawTarget !== '') {
      // A relative target is relative to the container's root, as the archive API reads it.
      target = posix.resolve('/', rawTarget);
    } else if (syncsFiles(action)) {
      return fail('target', `action ${action} needs a target (the path in the container)`);
    }
    const exec = execHook(entry['exec']);
    if (action === 'sync+exec' && exec === undefined)
      return fail('exec', 'action sync+exec needs exec.command');
    rules.push({
      service: service.name,
      index,
      path,
      action,
      ...(target !== undefined ? { target } : {}),
      ignore: stringList(entry['ignore']),
      include: stringList(entry['include']),
      ...(exec !== undefined && action === 'sync+exec' ? { exec } : {}),
      initialSync: entry['initial_sync'] === true || entry['x-initialSync'] === true,
    });
  });
  return rules;
}

/**
 * The rules of the selected services (all when none is named). Throws a
 * `ComposeError` listing every bad rule, or when no selected service has any,
 * as Docker Compose does.
 */
export function projectWatchRules(project: Project, services: readonly string[]): WatchRule[] {
  const errors: Diagnostic[] = [];
  for (const name of services)
    if (!(name in project.services))
      errors.push({
        severity: 'error',
        code: 'usage.service',
        message: `no such service: ${name}`,
      });
  if (errors.length > 0) throw new ComposeError(errors);
  const selected = services.length > 0 ? services : Object.keys(project.services).sort();
  const rules = selected.flatMap((name) => serviceWatchRules(project.services[name]!, errors));
  if (errors.length > 0) throw new ComposeError(errors);
  if (rules.length === 0)
    throw ComposeError.of({
      code: 'watch.none',
      message:
        'none of the selected services is configured for watch, consider setting a develop section',
    });
  return rules;
}
