/** Readers for untrusted JSON: codex output is checked field by field, so a surprising shape never throws. */

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** An integer payload field (exit codes): the schemas take only safe integers, so 1e308 is no exit code. */
export const int = (value: unknown): number | null =>
  Number.isSafeInteger(value) ? (value as number) : null;

export const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * The item's own id, read from the raw text: a `web_search` item carries "id" twice (the thread item id, then
 * the search's server id, cli notes §2) and JSON.parse keeps the last. The first is the one every other item of
 * the run is numbered by ("item_0", "item_1", …), so it stays the tool id.
 */
export function firstItemId(line: string, item: Json): string | undefined {
  const match = /"item"\s*:\s*\{\s*"id"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(line);
  if (match?.[1] !== undefined) {
    try {
      const id: unknown = JSON.parse(`"${match[1]}"`);
      if (typeof id === 'string') return id;
    } catch {
      return match[1];
    }
  }
  return str(item.id);
}
