import { join } from 'node:path';
import { LineIndex } from './line-index';
import { LineSearcher } from './line-search';
import { RecentMap } from './recent-map';
import { workerFolder } from './paths';

export interface RawPage {
  /** 1-based number of the first line returned. */
  from: number;
  lines: string[];
  /** Lines in the whole log. */
  total: number;
}

export interface RawSearch {
  /** 1-based numbers of the matching lines, from the first asked for, at most the limit. */
  lines: number[];
  /** Matching lines in the whole log. */
  total: number;
  /** Lines in the log when it was searched. */
  searched: number;
}

/** Indexes of the logs read lately, kept up to date as they grow; a few hundred KB for a million lines. */
const indexes = new RecentMap<string, LineIndex>(32);
const searcher = new LineSearcher();

const rawPath = (folder: string, workerId: string): string =>
  join(workerFolder(folder, workerId), 'raw.jsonl');

function indexOf(path: string): LineIndex {
  let index = indexes.get(path);
  if (!index) {
    index = new LineIndex(path);
    indexes.set(path, index);
  }
  return index;
}

/**
 * A page of a worker's raw.jsonl (every stdout line as the CLI printed it), for the raw log view. Reads
 * only that page, however long the log: the file's line index says where it starts.
 */
export async function readRawPage(
  folder: string,
  workerId: string,
  from: number,
  count: number,
): Promise<RawPage> {
  const index = indexOf(rawPath(folder, workerId));
  await index.update();
  const start = Math.max(1, from);
  const lines = await index.read(start - 1, Math.max(0, count));
  return { from: start, lines, total: index.lineCount };
}

/** The lines of a worker's raw log that contain the query (case-insensitive), a page at a time. */
export async function searchRawLog(
  folder: string,
  workerId: string,
  query: string,
  from: number,
  limit: number,
): Promise<RawSearch> {
  const found = await searcher.find(indexOf(rawPath(folder, workerId)), query, Math.max(1, from) - 1, limit);
  return { lines: found.lines.map((line) => line + 1), total: found.total, searched: found.searched };
}

/** Indexes the workers' raw logs in the background, so the first page a person opens comes at once. */
export function warmRawLogs(folder: string, workerIds: readonly string[]): void {
  for (const workerId of workerIds)
    void indexOf(rawPath(folder, workerId))
      .update()
      .catch(() => undefined);
}
