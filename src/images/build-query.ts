/**
 * The Engine API's `POST /build` query parameters for a build spec, as the
 * Docker CLI's classic builder sends them (client `imageBuildOptionsToQuery`):
 * repeated `t` and `extrahosts`, JSON objects for `buildargs`, `labels` and
 * `cachefrom`, booleans as `true`. `rm`/`forcerm` drop intermediate
 * containers, also after a failed step. Pure.
 */
import type { ImageBuildSpec } from './build-spec.js';

export function buildQuery(
  spec: ImageBuildSpec,
  dockerfile: string,
  options: { readonly quiet?: boolean } = {},
): Record<string, unknown> {
  return {
    t: [...spec.tags],
    dockerfile,
    rm: true,
    forcerm: true,
    ...(Object.keys(spec.args).length > 0 ? { buildargs: { ...spec.args } } : {}),
    ...(spec.target !== undefined ? { target: spec.target } : {}),
    ...(Object.keys(spec.labels).length > 0 ? { labels: { ...spec.labels } } : {}),
    ...(spec.cacheFrom.length > 0 ? { cachefrom: [...spec.cacheFrom] } : {}),
    ...(spec.network !== undefined ? { networkmode: spec.network } : {}),
    ...(spec.shmSize !== undefined ? { shmsize: spec.shmSize } : {}),
    ...(spec.extraHosts.length > 0 ? { extrahosts: [...spec.extraHosts] } : {}),
    ...(spec.noCache ? { nocache: true } : {}),
    ...(spec.pull ? { pull: true } : {}),
    ...(spec.platform !== undefined ? { platform: spec.platform } : {}),
    ...(options.quiet ? { q: true } : {}),
  };
}
