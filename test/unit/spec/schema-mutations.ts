/**
 * A seeded, deterministic generator of small edits to compose models, for the
 * differential test of our schema against the official one. Each mutation is
 * the kind of mistake (or legal variation) a user makes: a typo in a key, a
 * value of another type, an unknown or `x-` key, a missing required key, a bad
 * enum value, a duplicated list item, a bad resource name.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Mapping = { [key: string]: Json };
type Path = (string | number)[];

export interface Mutation {
  readonly description: string;
  readonly model: Json;
}

/** mulberry32: tiny, seedable, good enough to pick places. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isMapping = (value: Json | undefined): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every node of the model with its path (the root included). */
function places(model: Json): { path: Path; value: Json }[] {
  const found: { path: Path; value: Json }[] = [];
  const visit = (value: Json, path: Path) => {
    found.push({ path, value });
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (isMapping(value))
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
  };
  visit(model, []);
  return found;
}

function at(model: Json, path: Path): Json {
  let value: Json = model;
  for (const segment of path) value = (value as Record<string | number, Json>)[segment]!;
  return value;
}

const show = (path: Path) => (path.length === 0 ? '<root>' : path.join('.'));

/** Samples of every JSON type, including edge values the schema's ranges care about. */
const SAMPLES: Json[] = [
  'text',
  42,
  -5,
  1.5,
  ['a'],
  [],
  { key: 'value' },
  {},
  true,
  null,
  '80:80',
  150,
];

/** Keys whose values are enums somewhere in the schema. */
const ENUM_KEYS = new Set([
  'condition',
  'action',
  'type',
  'cgroup',
  'order',
  'recursive',
  'selinux',
  'gpus',
]);
const RESOURCE_SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'];
const RANGED_FIELDS: [string, Json][] = [
  ['cpu_percent', 101],
  ['cpu_percent', -1],
  ['cpu_count', -1],
  ['oom_score_adj', 1001],
  ['oom_score_adj', -1000],
  ['cpu_percent', 100],
];

function typo(key: string, random: () => number): string {
  if (key.length < 2) return `${key}${key}`;
  const index = Math.floor(random() * (key.length - 1));
  const chars = [...key];
  switch (Math.floor(random() * 3)) {
    case 0: // swap two neighbours
      [chars[index], chars[index + 1]] = [chars[index + 1]!, chars[index]!];
      return chars.join('') === key ? `${key}s` : chars.join('');
    case 1: // drop one
      chars.splice(index, 1);
      return chars.join('');
    default: // double one
      chars.splice(index, 0, chars[index]!);
      return chars.join('');
  }
}

type Edit = (model: Json, random: () => number) => string | undefined;

function pick<T>(items: readonly T[], random: () => number): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
}

const entries = (model: Json) =>
  places(model).filter((place) => typeof place.path.at(-1) === 'string');
const mappings = (model: Json) => places(model).filter((place) => isMapping(place.value));

/** Each edit changes the model in place and describes itself, or returns undefined if it cannot apply. */
const EDITS: Record<string, Edit> = {
  typoKey(model, random) {
    const place = pick(entries(model), random);
    if (!place) return undefined;
    const parent = at(model, place.path.slice(0, -1)) as Mapping;
    const key = place.path.at(-1) as string;
    const renamed = typo(key, random);
    delete parent[key];
    parent[renamed] = place.value;
    return `rename ${show(place.path)} to '${renamed}'`;
  },
  retype(model, random) {
    const place = pick(places(model).slice(1), random);
    const sample = pick(SAMPLES, random);
    if (!place || sample === undefined) return undefined;
    const parent = at(model, place.path.slice(0, -1)) as Record<string | number, Json>;
    parent[place.path.at(-1)!] = structuredClone(sample);
    return `set ${show(place.path)} to ${JSON.stringify(sample)}`;
  },
  unknownKey(model, random) {
    const place = pick(mappings(model), random);
    if (!place) return undefined;
    (place.value as Mapping).bogus_key = 'value';
    return `add bogus_key under ${show(place.path)}`;
  },
  extensionKey(model, random) {
    const place = pick(mappings(model), random);
    if (!place) return undefined;
    (place.value as Mapping)['x-extra'] = { any: [1, 'two'] };
    return `add x-extra under ${show(place.path)}`;
  },
  emptyKey(model, random) {
    const place = pick(mappings(model), random);
    if (!place) return undefined;
    (place.value as Mapping)[''] = 'value';
    return `add an empty key under ${show(place.path)}`;
  },
  removeKey(model, random) {
    const place = pick(entries(model), random);
    if (!place) return undefined;
    delete (at(model, place.path.slice(0, -1)) as Mapping)[place.path.at(-1) as string];
    return `remove ${show(place.path)}`;
  },
  badEnum(model, random) {
    const place = pick(
      entries(model).filter((p) => ENUM_KEYS.has(p.path.at(-1) as string)),
      random,
    );
    if (!place) return undefined;
    (at(model, place.path.slice(0, -1)) as Mapping)[place.path.at(-1) as string] = 'bogus';
    return `set ${show(place.path)} to 'bogus'`;
  },
  duplicateItem(model, random) {
    const place = pick(
      places(model).filter((p) => Array.isArray(p.value) && p.value.length > 0),
      random,
    );
    if (!place) return undefined;
    const list = place.value as Json[];
    list.push(structuredClone(list[0]!));
    return `duplicate ${show(place.path)}[0]`;
  },
  resourceName(model, random) {
    if (!isMapping(model)) return undefined;
    const section = pick(
      RESOURCE_SECTIONS.filter((name) => isMapping(model[name])),
      random,
    );
    if (!section) return undefined;
    const resources = model[section] as Mapping;
    const existing = pick(Object.values(resources), random) ?? null;
    const name = pick(['bad name!', 'x-resource', 'ünïcode', 'ok.name_1-2'], random)!;
    resources[name] = structuredClone(existing);
    return `add ${section}['${name}'] as a copy of an existing entry`;
  },
  rangedField(model, random) {
    if (!isMapping(model) || !isMapping(model.services)) return undefined;
    const service = pick(Object.values(model.services).filter(isMapping), random);
    const [field, value] = pick(RANGED_FIELDS, random)!;
    if (!service) return undefined;
    service[field] = value;
    return `set a service's ${field} to ${JSON.stringify(value)}`;
  },
};

/**
 * `count` mutations of the given models, each one or two edits on a copy of one
 * model, chosen by `seed`.
 */
export function generateMutations(
  models: readonly Json[],
  count: number,
  seed: number,
): Mutation[] {
  const random = seededRandom(seed);
  const editNames = Object.keys(EDITS);
  const mutations: Mutation[] = [];
  while (mutations.length < count) {
    const model = structuredClone(models[Math.floor(random() * models.length)]!);
    const steps = random() < 0.2 ? 2 : 1;
    const descriptions: string[] = [];
    for (let step = 0; step < steps; step++) {
      const description = EDITS[pick(editNames, random)!]!(model, random);
      if (description) descriptions.push(description);
    }
    if (descriptions.length > 0)
      mutations.push({ description: descriptions.join(', then '), model });
  }
  return mutations;
}
