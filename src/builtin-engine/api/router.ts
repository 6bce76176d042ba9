/**
 * Paths to handlers, the way the Engine's router matches them: an optional
 * `/vX.Y` prefix checked against the supported API range, `{param}` segments,
 * `{param*}` for image names (which contain slashes), first match wins. A path
 * that matches no route for the request's method is "page not found" (404),
 * also when it exists for another method: that is what dockerd answers.
 */
import { EngineApiError } from '../ports.js';

export const API_VERSION = '1.41';
export const MIN_API_VERSION = '1.12';

export interface RouteMatch<H> {
  readonly handler: H;
  readonly params: Readonly<Record<string, string>>;
}

interface CompiledRoute<H> {
  readonly methods: readonly string[];
  readonly pattern: RegExp;
  readonly keys: readonly string[];
  readonly handler: H;
}

/** Compares dotted versions numerically: `1.9` < `1.12`. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Splits the version prefix off a path. Returns the API version the client
 * asked for (the maximum when it gave none) and the rest of the path; a
 * version outside [1.12, 1.41] is a 400 with the Engine's own sentences.
 */
export function splitVersion(pathname: string): { version: string; path: string } {
  const match = /^\/v(\d+(?:\.\d+)*)(\/.*)$/.exec(pathname);
  if (match === null) return { version: API_VERSION, path: pathname };
  const version = match[1] as string;
  if (compareVersions(version, MIN_API_VERSION) < 0) {
    throw new EngineApiError(
      400,
      `client version ${version} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`,
    );
  }
  if (compareVersions(version, API_VERSION) > 0) {
    throw new EngineApiError(
      400,
      `client version ${version} is too new. Maximum supported API version is ${API_VERSION}`,
    );
  }
  return { version, path: match[2] as string };
}

function compile(template: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)(\*?)\}$/.exec(segment);
      if (param === null) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(param[1] as string);
      return param[2] === '*' ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), keys };
}

export class Router<H> {
  private readonly routes: CompiledRoute<H>[] = [];

  /** `method` may list several, separated by `|` (`GET|HEAD`). */
  add(method: string, template: string, handler: H): this {
    const { pattern, keys } = compile(template);
    this.routes.push({ methods: method.split('|'), pattern, keys, handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<H> | undefined {
    for (const route of this.routes) {
      if (!route.methods.includes(method)) continue;
      const found = route.pattern.exec(path);
      if (found === null) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, index) => {
        const raw = found[index + 1] as string;
        try {
          params[key] = decodeURIComponent(raw);
        } catch {
          params[key] = raw;
        }
      });
      return { handler: route.handler, params };
    }
    return undefined;
  }
}
