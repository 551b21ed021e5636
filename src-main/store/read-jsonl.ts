import { existsSync, readFileSync } from 'node:fs';

export interface JsonlRead<T> {
  records: T[];
  /** Lines that were not valid JSON: a torn last line after a crash, or damage. */
  skipped: number;
}

/**
 * Reads a JSONL file written by AppendFile. A crash can leave the last line torn; such a line (and any
 * damaged one) is skipped and counted rather than failing the whole read.
 */
export function readJsonl<T>(path: string, parse: (value: unknown) => T = (v) => v as T): JsonlRead<T> {
  if (!existsSync(path)) return { records: [], skipped: 0 };
  const text = readFileSync(path, 'utf8');
  const records: T[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(parse(JSON.parse(line)));
    } catch {
      skipped += 1;
    }
  }
  return { records, skipped };
}
