import { FormatError } from '../formats.js';

/**
 * Splits a `command`/`entrypoint` string the way a POSIX shell splits words,
 * without expansion: quotes group, a backslash escapes the next character
 * (inside double quotes only before `"`, `\`, `$` and backtick).
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else current += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!))
        current += text[++i];
      else current += char;
    } else if (char === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) throw new FormatError(`unterminated quote in ${JSON.stringify(text)}`);
  if (inWord) words.push(current);
  return words;
}
