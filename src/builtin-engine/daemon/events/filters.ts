/**
 * `GET /events` filters with Docker's semantics: values of one key are
 * alternatives, keys combine; `event=health_status` also matches
 * `health_status: healthy` (the part before ':'); `container`, `network`,
 * `volume` match the actor's id or its `name` attribute, or a prefix of
 * either; `image` matches the `image` attribute (container events) or the
 * actor (image events); `label` values must all match the actor's attributes.
 */
import { EngineApiError, type ApiFilters, type EngineEvent } from '../../ports.js';

const KEYS = new Set([
  'config', 'container', 'daemon', 'event', 'image', 'label', 'network', 'node', 'plugin',
  'scope', 'secret', 'service', 'type', 'volume',
]); // prettier-ignore

export function validateEventFilters(filters: ApiFilters): void {
  for (const key of filters.keys()) {
    if (!KEYS.has(key)) throw new EngineApiError(400, `Invalid filter '${key}'`);
  }
}

/** Docker's FuzzyMatch: the value is the actor's id or name, or a prefix of either. */
function actorMatches(
  event: EngineEvent,
  type: EngineEvent['Type'],
  values: readonly string[],
): boolean {
  if (event.Type !== type) return false;
  const name = event.Actor.Attributes.name ?? '';
  return values.some((value) => event.Actor.ID.startsWith(value) || name.startsWith(value));
}

function imageMatches(event: EngineEvent, values: readonly string[]): boolean {
  const candidates = [
    event.Actor.Attributes.image,
    event.Type === 'image' ? event.Actor.ID : undefined,
  ];
  const strip = (ref: string): string => ref.replace(/:latest$/, '');
  return values.some((value) =>
    candidates.some(
      (candidate) =>
        candidate !== undefined && (candidate === value || strip(candidate) === strip(value)),
    ),
  );
}

function labelsMatch(event: EngineEvent, values: readonly string[]): boolean {
  const attributes = event.Actor.Attributes;
  return values.every((entry) => {
    const equals = entry.indexOf('=');
    if (equals === -1) return Object.hasOwn(attributes, entry);
    return attributes[entry.slice(0, equals)] === entry.slice(equals + 1);
  });
}

export function eventMatches(event: EngineEvent, filters: ApiFilters): boolean {
  for (const [key, values] of filters) {
    if (values.length === 0) continue;
    let ok: boolean;
    switch (key) {
      case 'type':
        ok = values.includes(event.Type);
        break;
      case 'event': {
        const head = event.Action.split(':', 1)[0] ?? event.Action;
        ok = values.some((value) => value === event.Action || value === head);
        break;
      }
      case 'container':
        ok = actorMatches(event, 'container', values);
        break;
      case 'network':
        ok = actorMatches(event, 'network', values);
        break;
      case 'volume':
        ok = actorMatches(event, 'volume', values);
        break;
      case 'image':
        ok = imageMatches(event, values);
        break;
      case 'label':
        ok = labelsMatch(event, values);
        break;
      case 'scope':
        ok = values.includes(event.scope);
        break;
      case 'daemon':
        ok = event.Type === 'daemon' && actorMatches(event, 'daemon', values);
        break;
      default:
        // Swarm objects (service, node, secret, config, plugin): none here.
        ok = false;
    }
    if (!ok) return false;
  }
  return true;
}
