import type { KeyPath } from '../key-path.js';
import { isMapping, type RawMapping } from '../raw.js';
import { normalizeBuild } from './build.js';
import type { NormalizeContext } from './context.js';
import { listToNullMap, normalizeDependsOn } from './depends-on.js';
import { normalizeDeployDevices, normalizeDevices, normalizeGpus } from './devices.js';
import { extraHostsToPairs } from './extra-hosts.js';
import { normalizeEnvFiles, normalizeFileRefs } from './file-refs.js';
import { convertKey, environmentToMap, listToMap, stringToList } from './key-values.js';
import { normalizePorts } from './ports.js';
import { normalizeVolumes } from './volumes.js';

function normalizeWatchRules(develop: unknown): unknown {
  if (!isMapping(develop) || !Array.isArray(develop.watch)) return develop;
  const watch = develop.watch.map((rule) => {
    if (!isMapping(rule)) return rule;
    const converted = { ...rule };
    convertKey(converted, 'ignore', stringToList);
    convertKey(converted, 'include', stringToList);
    return converted;
  });
  return { ...develop, watch };
}

/** One service, short → long (§10.1/§10.2) with the load-time defaults of §10.3. */
export function normalizeServiceSyntax(
  service: RawMapping,
  path: KeyPath,
  context: NormalizeContext,
): RawMapping {
  const result: RawMapping = { ...service };
  const at = (key: string): KeyPath => [...path, key];
  convertKey(result, 'build', (value) => normalizeBuild(value, at('build'), context));
  convertKey(result, 'ports', (value) => normalizePorts(value, at('ports'), context));
  convertKey(result, 'volumes', (value) => normalizeVolumes(value, at('volumes'), context));
  convertKey(result, 'depends_on', normalizeDependsOn);
  convertKey(result, 'networks', listToNullMap);
  convertKey(result, 'models', listToNullMap);
  convertKey(result, 'secrets', (value) =>
    normalizeFileRefs(value, (source) => `/run/secrets/${source}`),
  );
  convertKey(result, 'configs', (value) => normalizeFileRefs(value));
  convertKey(result, 'env_file', normalizeEnvFiles);
  convertKey(result, 'environment', (value) => environmentToMap(value, at('environment'), context));
  for (const key of ['labels', 'annotations', 'sysctls'])
    convertKey(result, key, (value) => listToMap(value, ''));
  for (const key of ['dns', 'dns_search', 'label_file', 'tmpfs'])
    convertKey(result, key, stringToList);
  // Empty `dns` entries are dropped (compose-go does so after conversion).
  if (Array.isArray(result.dns)) result.dns = result.dns.filter((entry) => entry !== '');
  convertKey(result, 'devices', (value) => normalizeDevices(value, at('devices'), context));
  convertKey(result, 'gpus', normalizeGpus);
  convertKey(result, 'deploy', (value) =>
    isMapping(value) ? normalizeDeployDevices(value) : value,
  );
  convertKey(result, 'develop', normalizeWatchRules);
  convertKey(result, 'extends', (value) =>
    typeof value === 'string' ? { service: value } : value,
  );
  // Kept as written, but checked now so that a bad entry fails the load with its place.
  if ('extra_hosts' in result) extraHostsToPairs(result.extra_hosts, at('extra_hosts'), context);
  return result;
}
