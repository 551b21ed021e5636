import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Event, SessionState, SessionSummary } from '../../src-shared/models';
import { AppendFile } from './append-file';
import { workerFolder } from './paths';
import { readJsonl } from './read-jsonl';
import { writeJsonAtomic } from './write-json';

export interface WorkerFiles {
  /** Every stdout line exactly as the CLI printed it, before any parsing. */
  raw: AppendFile;
  stderr: AppendFile;
}

/**
 * One session's folder (ARCHITECTURE §5): session.json, events.jsonl, summary.json and
 * workers/<id>/{raw.jsonl,stderr.log}. Created user-only: it holds prompts, code and tool output.
 */
export class SessionFolder {
  readonly events: AppendFile;
  private readonly workers = new Map<string, WorkerFiles>();

  private constructor(readonly path: string) {
    this.events = new AppendFile(join(path, 'events.jsonl'));
  }

  static create(path: string): SessionFolder {
    mkdirSync(join(path, 'workers'), { recursive: true, mode: 0o700 });
    return new SessionFolder(path);
  }

  persistEvent(event: Event): void {
    this.events.appendLine(JSON.stringify(event));
  }

  /** Events with fromSeq <= seq <= toSeq, read back from disk. */
  loadRange(fromSeq: number, toSeq: number): Event[] {
    this.events.flush();
    return readEvents(this.path).events.filter((e) => e.seq >= fromSeq && e.seq <= toSeq);
  }

  workerFiles(workerId: string): WorkerFiles {
    let files = this.workers.get(workerId);
    if (!files) {
      const dir = workerFolder(this.path, workerId);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      files = {
        raw: new AppendFile(join(dir, 'raw.jsonl')),
        stderr: new AppendFile(join(dir, 'stderr.log')),
      };
      this.workers.set(workerId, files);
    }
    return files;
  }

  writeState(state: SessionState): void {
    writeJsonAtomic(join(this.path, 'session.json'), state);
  }

  writeSummary(summary: SessionSummary): void {
    writeJsonAtomic(join(this.path, 'summary.json'), summary);
  }

  close(): void {
    this.events.close();
    for (const files of this.workers.values()) {
      files.raw.close();
      files.stderr.close();
    }
  }
}

export interface StoredEvents {
  events: Event[];
  /** Torn or damaged lines that were skipped. */
  skipped: number;
}

export function readEvents(folder: string): StoredEvents {
  const { records, skipped } = readJsonl<Event>(join(folder, 'events.jsonl'));
  return { events: records, skipped };
}
