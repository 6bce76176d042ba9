import { scanDollar } from './interpolate/template.js';
import { isMapping, type RawMapping } from './raw.js';

/**
 * The variables a model refers to, for `config --variables` (NAME, REQUIRED,
 * DEFAULT VALUE, ALTERNATE VALUE). Read from the model before interpolation.
 */

export interface ComposeVariable {
  readonly name: string;
  readonly required: boolean;
  /** Raw text after `-` / `:-`. */
  readonly defaultValue?: string;
  /** Raw text after `+` / `:+`. */
  readonly alternateValue?: string;
}

/**
 * Variables of one string in the order compose-go lists them: for `${A:-x}rest`, those
 * of `rest` first, then `A`, then those inside the default or alternate value.
 */
function variablesOf(text: string): ComposeVariable[] {
  const found: ComposeVariable[] = [];
  let index = text.indexOf('$');
  while (index !== -1) {
    const match = scanDollar(text, index);
    if (match === undefined) {
      index = text.indexOf('$', index + 1);
      continue;
    }
    const { token } = match;
    if (token.kind === 'variable') found.push({ name: token.name, required: false });
    if (token.kind === 'operator') {
      found.push(...variablesOf(token.rest));
      switch (token.operator) {
        case '?':
        case ':?':
          found.push({ name: token.name, required: true });
          break;
        case '-':
        case ':-':
          found.push({ name: token.name, required: false, defaultValue: token.argument });
          found.push(...variablesOf(token.argument));
          break;
        case '+':
        case ':+':
          found.push({ name: token.name, required: false, alternateValue: token.argument });
          found.push(...variablesOf(token.argument));
          break;
      }
    }
    index = text.indexOf('$', match.end);
  }
  return found;
}

/**
 * Every variable referenced by a string value of the model (mapping keys are never
 * interpolated, so they are not searched), sorted by name, each once; when a name is
 * used several times, its last use in document order describes it.
 */
export function collectVariables(model: RawMapping): ComposeVariable[] {
  const byName = new Map<string, ComposeVariable>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string')
      for (const variable of variablesOf(value)) byName.set(variable.name, variable);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (isMapping(value)) Object.values(value).forEach(visit);
  };
  visit(model);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
