/**
 * Where a registry's API is: Docker Hub (`docker.io`) answers at
 * registry-1.docker.io; loopback registries (127.0.0.0/8, localhost, ::1) are
 * spoken to over plain HTTP, as Docker's default insecure-registry list
 * allows; every other registry over HTTPS. Pure.
 */
import { DOCKER_HUB } from '../../images/reference.js';

export interface RegistryEndpoint {
  /** The name the user wrote (`127.0.0.1:5000`, `docker.io`): used in messages. */
  readonly registry: string;
  /** `http://127.0.0.1:5000`, `https://registry-1.docker.io`. */
  readonly baseUrl: string;
}

function hostOf(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(1, registry.indexOf(']'));
  const colon = registry.lastIndexOf(':');
  return colon >= 0 ? registry.slice(0, colon) : registry;
}

export function isLoopbackRegistry(registry: string): boolean {
  const host = hostOf(registry).toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

export function registryEndpoint(registry: string): RegistryEndpoint {
  if (registry === DOCKER_HUB || registry === 'index.docker.io') {
    return { registry, baseUrl: 'https://registry-1.docker.io' };
  }
  const scheme = isLoopbackRegistry(registry) ? 'http' : 'https';
  return { registry, baseUrl: `${scheme}://${registry}` };
}
