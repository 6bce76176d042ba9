/**
 * Container ids, names and how a client's reference finds a container.
 *
 * Docker's lookup order: the full id, then the name (with or without the
 * leading '/'), then a unique id prefix. Names are unique among containers;
 * ids are 64 random hex digits. A container created without a name gets a
 * random `adjective_surname` like Docker's (our own short word lists).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { EngineApiError } from '../../ports.js';

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}

/** Strips the leading '/' and checks Docker's name rule; 400 with Docker's message. */
export function normalizeName(raw: string): string {
  const name = raw.startsWith('/') ? raw.slice(1) : raw;
  if (!NAME_RE.test(name)) {
    throw new EngineApiError(
      400,
      `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
    );
  }
  return name;
}

export function nameConflict(name: string, holderId: string): EngineApiError {
  return new EngineApiError(
    409,
    `Conflict. The container name "/${name}" is already in use by container "${holderId}". ` +
      'You have to remove (or rename) that container to be able to reuse that name.',
  );
}

export function noSuchContainer(ref: string): EngineApiError {
  return new EngineApiError(404, `No such container: ${ref}`);
}

const ADJECTIVES = [
  'admiring', 'brave', 'busy', 'calm', 'clever', 'cool', 'eager', 'elated', 'focused',
  'friendly', 'gallant', 'gifted', 'happy', 'hopeful', 'jolly', 'keen', 'kind', 'loving',
  'lucid', 'modest', 'nifty', 'peaceful', 'quirky', 'relaxed', 'serene', 'sharp', 'stoic',
  'tender', 'upbeat', 'vibrant', 'wizardly', 'zealous',
]; // prettier-ignore

// Scientists and engineers, as Docker's generator uses.
const SURNAMES = [
  'babbage', 'bohr', 'curie', 'darwin', 'dijkstra', 'einstein', 'euler', 'faraday',
  'feynman', 'galileo', 'gauss', 'hopper', 'hypatia', 'kepler', 'knuth', 'lamport',
  'liskov', 'lovelace', 'maxwell', 'meitner', 'newton', 'noether', 'pascal', 'ritchie',
  'shannon', 'tesla', 'thompson', 'torvalds', 'turing', 'wozniak', 'yalow', 'zuse',
]; // prettier-ignore

/** A random free name; after many collisions a digit is appended, as Docker does. */
export function randomName(taken: (name: string) => boolean): string {
  for (let attempt = 0; ; attempt += 1) {
    const adjective = ADJECTIVES[randomInt(ADJECTIVES.length)] ?? 'busy';
    const surname = SURNAMES[randomInt(SURNAMES.length)] ?? 'turing';
    const name = attempt < 10 ? `${adjective}_${surname}` : `${adjective}_${surname}${attempt}`;
    if (!taken(name)) return name;
  }
}

/** Finds the id `ref` designates among `ids`, given a name → id map. */
export function resolveReference(
  ref: string,
  ids: Iterable<string>,
  idByName: ReadonlyMap<string, string>,
): string {
  if (ref === '') throw noSuchContainer(ref);
  const all = [...ids];
  if (all.includes(ref)) return ref;
  const byName = idByName.get(ref.startsWith('/') ? ref.slice(1) : ref);
  if (byName !== undefined) return byName;
  const matches = /^[0-9a-f]+$/.test(ref) ? all.filter((id) => id.startsWith(ref)) : [];
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  if (matches.length > 1) {
    // Docker's truncindex message; 404 so clients treat it as "not found" rather than a daemon fault.
    throw new EngineApiError(404, `Multiple IDs found with provided prefix: ${ref}`);
  }
  throw noSuchContainer(ref);
}
