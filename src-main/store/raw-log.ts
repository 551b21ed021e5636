import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workerFolder } from './paths';

export interface RawPage {
  /** 1-based number of the first line returned. */
  from: number;
  lines: string[];
  /** Lines in the whole log. */
  total: number;
}

/** A page of a worker's raw.jsonl (every stdout line as the CLI printed it), for the raw log view. */
export function readRawPage(folder: string, workerId: string, from: number, count: number): RawPage {
  const path = join(workerFolder(folder, workerId), 'raw.jsonl');
  if (!existsSync(path)) return { from, lines: [], total: 0 };
  const all = readFileSync(path, 'utf8').split('\n');
  if (all.at(-1) === '') all.pop();
  const start = Math.max(1, from);
  return { from: start, lines: all.slice(start - 1, start - 1 + Math.max(0, count)), total: all.length };
}
