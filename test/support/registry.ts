// A real registry for pull/push tests: Debian's docker-registry on 127.0.0.1 (scripts/registry.mjs
// installs it with apt when missing, together with apache2-utils for htpasswd). Stopped by its pid.
//
//   await using registry = await startTestRegistry({ auth: { username: 'u', password: 'p' } });
//   registry.host  // '127.0.0.1:41234'
import { startRegistry } from '../../scripts/registry.mjs';

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface TestRegistry extends AsyncDisposable {
  /** `127.0.0.1:<port>`: the registry part of image references, and its config.json key. */
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** The registry's own log (for a failing test's message). */
  readonly logFile: string;
  stop(): Promise<void>;
}

interface StartedRegistry {
  host: string;
  port: number;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/** Starts a registry with a temporary storage dir; with `auth`, behind htpasswd (bcrypt). */
export async function startTestRegistry(
  options: { readonly auth?: RegistryCredentials } = {},
): Promise<TestRegistry> {
  const started = (await startRegistry({
    auth: options.auth,
    log: () => undefined,
  })) as StartedRegistry;
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= started.stop());
  return {
    host: started.host,
    port: started.port,
    pid: started.pid,
    logFile: started.logFile,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
