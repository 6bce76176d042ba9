import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
import { reportError, type NormalizeContext } from './context.js';
import { normalizeFileRefs } from './file-refs.js';
import { listToMap, stringToList } from './key-values.js';
import { extraHostsToPairs } from './extra-hosts.js';

function sshToMap(value: unknown, path: KeyPath, context: NormalizeContext): unknown {
  if (!Array.isArray(value)) return value;
  const result: Record<string, string | null> = {};
  value.forEach((item, index) => {
    const text = String(item);
    const equals = text.indexOf('=');
    if (equals >= 0) result[text.slice(0, equals)] = text.slice(equals + 1);
    else if (text === 'default') result.default = null;
    else
      reportError(
        context,
        [...path, index],
        'build.ssh',
        `invalid ssh key "${text}": expected "default" or "id=path"`,
      );
  });
  return result;
}

function additionalContextsToMap(
  value: unknown,
  path: KeyPath,
  context: NormalizeContext,
): unknown {
  if (!Array.isArray(value)) return value;
  const result: Record<string, string> = {};
  value.forEach((item, index) => {
    const text = String(item);
    const equals = text.indexOf('=');
    if (equals < 0) {
      const message = `invalid additional context "${text}": expected "name=value"`;
      reportError(context, [...path, index], 'build.additional-contexts', message);
    } else result[text.slice(0, equals)] = text.slice(equals + 1);
  });
  return result;
}

/** `build: ./dir` → `{context}`; its sub-fields to long syntax; `context` defaults to `.` (§10.3). */
export function normalizeBuild(value: unknown, path: KeyPath, context: NormalizeContext): unknown {
  if (typeof value === 'string') return { context: value };
  if (!isMapping(value)) return value;
  const build: RawMapping = { ...value, context: value.context ?? '.' };
  if ('args' in build) build.args = listToMap(build.args, null);
  if ('labels' in build) build.labels = listToMap(build.labels, '');
  if ('ssh' in build) build.ssh = sshToMap(build.ssh, [...path, 'ssh'], context);
  if ('additional_contexts' in build) {
    build.additional_contexts = additionalContextsToMap(
      build.additional_contexts,
      [...path, 'additional_contexts'],
      context,
    );
  }
  if ('secrets' in build) build.secrets = normalizeFileRefs(build.secrets);
  if ('extra_hosts' in build)
    extraHostsToPairs(build.extra_hosts, [...path, 'extra_hosts'], context);
  for (const key of ['provenance', 'sbom']) {
    if (typeof build[key] === 'boolean') build[key] = String(build[key]);
  }
  for (const key of ['cache_from', 'cache_to', 'tags', 'platforms']) {
    if (key in build) build[key] = stringToList(build[key]);
  }
  return build;
}
