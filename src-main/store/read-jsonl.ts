import { existsSync, readFileSync } from 'node:fs';

export interface JsonlRead<T> {
  records: T[];
  /** Lines that were not valid JSON: a torn last line after a crash, or damage. */
  skipped: number;
  /**
   * 1-based numbers of the lines that were skipped although a newline ended them: damage in the middle of
   * the file, not the torn last line a crash can leave.
   */
  damaged: number[];
}

/**
 * Reads a JSONL file written by AppendFile. A crash can leave the last line torn; such a line (and any
 * damaged one) is skipped and counted rather than failing the whole read.
 */
export function readJsonl<T>(path: string, parse: (value: unknown) => T = (v) => v as T): JsonlRead<T> {
  if (!existsSync(path)) return { records: [], skipped: 0, damaged: [] };
  const text = readFileSync(path, 'utf8');
  const records: T[] = [];
  let skipped = 0;
  const damaged: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    try {
      records.push(parse(JSON.parse(line)));
    } catch {
      skipped += 1;
      // The last piece of the split has no newline after it: a torn write, expected after a crash.
      if (i < lines.length - 1) damaged.push(i + 1);
    }
  }
  return { records, skipped, damaged };
}
