/** Tolerant readers for claude's stream-json: the schema grows every version, so no field is trusted. */
export type Json = Record<string, unknown>;

export const rec = (value: unknown): Json | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;

export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** An integer payload field (status codes, exit codes): the schemas take only safe integers. */
export const int = (value: unknown): number | null =>
  Number.isSafeInteger(value) ? (value as number) : null;

/** A count or a cost: finite and not negative, or null. */
export const amount = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;

/** Sums of amounts stay finite: a total beyond the largest double is kept at it, never Infinity. */
export const total = (...values: number[]): number =>
  Math.min(
    values.reduce((n, v) => n + v, 0),
    Number.MAX_VALUE,
  );

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Tool output can be a whole file; the raw line keeps all of it, the event a bounded head and tail. */
export { clipOutput as clip } from '../clip-output';

/** Text of a content value that is either a string or an array of blocks with `text`. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return list(content)
    .map((block) => str(rec(block)?.text) ?? '')
    .filter((t) => t !== '')
    .join('\n');
}
