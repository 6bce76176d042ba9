/**
 * Reduces ajv's error list (with `allErrors`, and every failed `oneOf`
 * alternative reported) to the errors worth showing:
 *  - errors below a failed `oneOf`/`anyOf` belong to that place; only the most
 *    relevant survive (the deepest, an unknown key counting one level deeper,
 *    as compose-go ranks them), since the alternatives the user did not mean
 *    only add noise ("must be a string" for a `build` mapping with a typo);
 *  - errors elsewhere are independent and all kept, so several mistakes are
 *    reported together;
 *  - at one place a precise error beats a type error of another alternative,
 *    and type errors at one place become one "must be X or Y".
 */
import { pointerSegments, UNION_KEYWORDS, type SchemaError } from './schema-error.js';

/** One problem to report: usually one error; several type errors of one place merged. */
export type SelectedError = readonly [SchemaError, ...SchemaError[]];

function isUnder(instancePath: string, ancestor: string): boolean {
  return instancePath === ancestor || instancePath.startsWith(`${ancestor}/`);
}

function relevance(error: SchemaError): number {
  return (
    pointerSegments(error.instancePath).length + (error.keyword === 'additionalProperties' ? 1 : 0)
  );
}

/** Union places not inside another failed union: each is one "failing place". */
function outermostUnionPlaces(errors: readonly SchemaError[]): string[] {
  const places = [
    ...new Set(errors.filter((e) => UNION_KEYWORDS.has(e.keyword)).map((e) => e.instancePath)),
  ];
  return places.filter(
    (place) => !places.some((other) => other !== place && isUnder(place, other)),
  );
}

/** The errors of one failed union that deserve reporting: those of the best relevance. */
function mostRelevant(errors: readonly SchemaError[]): SchemaError[] {
  const best = Math.max(...errors.map(relevance));
  return errors.filter((error) => relevance(error) === best);
}

/** A key identifying the same complaint about the same thing (ajv may repeat one). */
function complaintKey(error: SchemaError): string {
  const subject =
    error.params.additionalProperty ?? error.params.missingProperty ?? error.params.type ?? '';
  return `${error.instancePath}\u0000${error.keyword}\u0000${String(subject)}`;
}

/** Per place: drop type errors when a more precise error exists there, merge the rest. */
function mergeByPlace(errors: readonly SchemaError[]): SelectedError[] {
  const byPlace = new Map<string, SchemaError[]>();
  const seen = new Set<string>();
  for (const error of errors) {
    if (seen.has(complaintKey(error))) continue;
    seen.add(complaintKey(error));
    const list = byPlace.get(error.instancePath) ?? [];
    list.push(error);
    byPlace.set(error.instancePath, list);
  }
  const selected: SelectedError[] = [];
  for (const placeErrors of byPlace.values()) {
    // Keys and values are checked only once the value has the right type, so a
    // precise error there means the other alternatives' type errors are noise.
    const precise = placeErrors.filter((error) => error.keyword !== 'type');
    if (precise.length > 0) for (const error of precise) selected.push([error]);
    else selected.push(placeErrors as unknown as SelectedError);
  }
  return selected;
}

export function selectSchemaErrors(errors: readonly SchemaError[]): SelectedError[] {
  const unionPlaces = outermostUnionPlaces(errors);
  const standalone: SchemaError[] = [];
  const byUnion = new Map<string, SchemaError[]>();
  for (const error of errors) {
    const place = unionPlaces.find((union) => isUnder(error.instancePath, union));
    if (place === undefined) standalone.push(error);
    else byUnion.set(place, [...(byUnion.get(place) ?? []), error]);
  }
  const kept = [...standalone];
  for (const unionErrors of byUnion.values()) {
    const reasons = unionErrors.filter((error) => !UNION_KEYWORDS.has(error.keyword));
    // A union failing with no reason of its own (more than one alternative matched).
    kept.push(...(reasons.length > 0 ? mostRelevant(reasons) : unionErrors.slice(0, 1)));
  }
  // Report in the validator's order, which follows the model.
  const order = new Map(errors.map((error, index) => [error, index]));
  kept.sort((a, b) => order.get(a)! - order.get(b)!);
  return mergeByPlace(kept);
}
