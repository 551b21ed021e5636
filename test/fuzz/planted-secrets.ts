import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A made-up credential and the part of it that must not survive masking. */
export interface PlantedKey {
  text: string;
  find: string;
}

interface PlantedFile {
  env: { name: string; value: string };
  keys: PlantedKey[];
}

/** The planted credentials shared with the key-printing agent (test/fixtures/planted-secrets.json). */
export const PLANTED: PlantedFile = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'planted-secrets.json'), 'utf8'),
) as PlantedFile;

/** Every string and object key of a JSON value, however deep. */
export function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      stringsOf(item, into);
    }
  }
  return into;
}

/**
 * The planted keys found in a stored or printed text: in the text as it is, and, when it is JSON (one value
 * or one per line), in its decoded strings and keys, where a `\u`-escaped key reads as itself.
 */
export function survivors(text: string, keys: readonly PlantedKey[] = PLANTED.keys): string[] {
  const readable = [text];
  for (const line of text.split('\n')) {
    try {
      readable.push(...stringsOf(JSON.parse(line)));
    } catch {
      // Not JSON: the text itself was searched.
    }
  }
  try {
    readable.push(...stringsOf(JSON.parse(text)));
  } catch {
    // Not one JSON value.
  }
  return keys.filter((key) => readable.some((r) => r.includes(key.find))).map((key) => key.find);
}
