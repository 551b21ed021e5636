import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Event } from '../../src-shared/models';

export interface UnclaimedLine {
  workerId: string;
  /** 1-based number of the line in the worker's raw.jsonl. */
  lineNo: number;
  line: string;
}

/**
 * The whole lines at the end of each worker's raw.jsonl that no stored event names: what a crash left
 * between writing raw lines and writing their events. A torn last line is not one (the log is cut there
 * when it is reopened).
 */
export function unclaimedRawLines(folder: string, events: readonly Event[]): UnclaimedLine[] {
  const lastNamed = new Map<string, number>();
  for (const event of events) {
    if (event.workerId === undefined || !event.lines) continue;
    lastNamed.set(event.workerId, Math.max(lastNamed.get(event.workerId) ?? 0, event.lines.to));
  }
  const workers = join(folder, 'workers');
  if (!existsSync(workers)) return [];
  const out: UnclaimedLine[] = [];
  for (const workerId of readdirSync(workers)) {
    const path = join(workers, workerId, 'raw.jsonl');
    if (!existsSync(path)) continue;
    const data = readFileSync(path);
    const named = lastNamed.get(workerId) ?? 0;
    let lineNo = 0;
    let start = 0;
    for (let end = data.indexOf(0x0a); end !== -1; end = data.indexOf(0x0a, start)) {
      lineNo += 1;
      if (lineNo > named) out.push({ workerId, lineNo, line: data.toString('utf8', start, end) });
      start = end + 1;
    }
  }
  return out;
}
