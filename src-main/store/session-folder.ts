import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Event, SessionState, SessionSummary } from '../../src-shared/models';
import { AppendFile, storeFault, type FaultListener, type StoreFault } from './append-file';
import { eventIndexOf } from './event-index';
import { eventLine } from './event-line';
import { workerFolder } from './paths';
import { writeOwner, writeWorkerProcess } from './process-record';
import { readJsonl } from './read-jsonl';
import { writeJsonAtomic } from './write-json';

/**
 * A worker's own logs are written at most this often (a megabyte queued is written at once): sixteen CLIs
 * trickling would otherwise cost thousands of writes a second. A crash of the orchestrator loses at most
 * this much of their output; events.jsonl is still written every turn of the loop, each time after the raw
 * lines its events name (see the constructor).
 */
const WORKER_LOG_FLUSH_MS = 50;

export interface WorkerFiles {
  /** Every stdout line exactly as the CLI printed it, before any parsing. */
  raw: AppendFile;
  stderr: AppendFile;
}

/**
 * One session's folder (ARCHITECTURE §5): session.json, events.jsonl, summary.json and
 * workers/<id>/{raw.jsonl,stderr.log}. Created user-only: it holds prompts, code and tool output.
 *
 * Once the folder is created, no write throws: a failure (disk full or read-only, I/O error, file size
 * limit) is reported once to the listener — the session then stops its workers. A log that failed takes
 * no more lines (so it ends whole but for one torn line); the other files are still written, so whatever
 * can be recorded still is.
 */
export class SessionFolder {
  readonly events: AppendFile;
  private readonly workers = new Map<string, WorkerFiles>();
  /** The first write that failed in this folder. */
  fault: StoreFault | null = null;
  private readonly report: FaultListener;

  private constructor(
    readonly path: string,
    onFault: FaultListener,
  ) {
    this.report = (fault) => {
      if (this.fault) return;
      this.fault = fault;
      onFault(fault);
    };
    // Raw lines before the events that name them: after a crash every `lines` reference resolves. The raw
    // logs keep their own 50 ms batching otherwise; they are written early only when events are written.
    this.events = new AppendFile(join(path, 'events.jsonl'), 0o600, this.report, {
      beforeWrite: () => {
        for (const files of this.workers.values()) files.raw.flush();
      },
    });
  }

  /** Creates the folder; throws when it cannot be created at all, so nothing starts. */
  static create(path: string, onFault: FaultListener = () => undefined): SessionFolder {
    keepFileSizeSignalHarmless();
    makeFolder(join(path, 'workers'));
    return new SessionFolder(path, onFault);
  }

  /** Reports a fault found outside this folder's own writes (a planner's or reviewer's log in it). */
  get onFault(): FaultListener {
    return this.report;
  }

  /** `line`: the event's text when already made (see EventHub's serialize). */
  persistEvent(event: Event, line?: string): void {
    this.events.appendLine(line ?? eventLine(event));
  }

  /** Events with fromSeq <= seq <= toSeq, read back from disk. */
  loadRange(fromSeq: number, toSeq: number): Event[] {
    this.events.flush();
    // Through the file's index: the range alone is read, not the whole log.
    return eventIndexOf(this.events.path).rangeSync(fromSeq, toSeq);
  }

  workerFiles(workerId: string): WorkerFiles {
    let files = this.workers.get(workerId);
    if (!files) {
      const dir = workerFolder(this.path, workerId);
      this.guard(dir, () => mkdirSync(dir, { recursive: true, mode: 0o700 }));
      files = {
        raw: new AppendFile(join(dir, 'raw.jsonl'), 0o600, this.report, { flushMs: WORKER_LOG_FLUSH_MS }),
        stderr: new AppendFile(join(dir, 'stderr.log'), 0o600, this.report, { flushMs: WORKER_LOG_FLUSH_MS }),
      };
      this.workers.set(workerId, files);
    }
    return files;
  }

  writeState(state: SessionState): void {
    const path = join(this.path, 'session.json');
    this.guard(path, () => writeJsonAtomic(path, state));
  }

  writeSummary(summary: SessionSummary): void {
    const path = join(this.path, 'summary.json');
    this.guard(path, () => writeJsonAtomic(path, summary));
  }

  /** Marks this process as the session's owner (see store/recover-workspace.ts). */
  writeOwner(): void {
    this.guard(join(this.path, 'owner.json'), () => writeOwner(this.path));
  }

  /** Records a worker's process group, so a later start can sweep what a crash left. */
  writeWorkerProcess(workerId: string, pid: number): void {
    const dir = workerFolder(this.path, workerId);
    this.guard(join(dir, 'process.json'), () => writeWorkerProcess(dir, pid));
  }

  close(): void {
    this.events.close();
    for (const files of this.workers.values()) {
      files.raw.close();
      files.stderr.close();
    }
  }

  private guard(path: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      this.report(storeFault(path, error));
    }
  }
}

/**
 * mkdir -p, with the real reason when it fails: on a read-only file system Node's recursive mkdir reports
 * ENOENT, which would send a person looking for a missing folder rather than at the disk.
 */
function makeFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let existing = dirname(path);
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    accessSync(existing, constants.W_OK);
    throw error;
  }
}

let fileSizeSignalHandled = false;

/**
 * A file reaching the process's size limit (RLIMIT_FSIZE) raises SIGXFSZ. Node ignores it so the write
 * fails with EFBIG, which the store handles — but signal-exit (execa's child cleanup, active while any git
 * or agent child runs) listens to it and re-raises a signal nobody else listens to, killing the
 * orchestrator and leaving its workers running. A listener of our own keeps it a failed write.
 */
function keepFileSizeSignalHarmless(): void {
  if (fileSizeSignalHandled || process.platform === 'win32') return;
  fileSizeSignalHandled = true;
  process.on('SIGXFSZ', () => undefined);
}

export interface StoredEvents {
  events: Event[];
  /** Torn or damaged lines that were skipped. */
  skipped: number;
  /** 1-based numbers of the skipped lines in the middle of the log (damage, not a torn last line). */
  damaged: number[];
}

export function readEvents(folder: string): StoredEvents {
  const { records, skipped, damaged } = readJsonl<Event>(join(folder, 'events.jsonl'));
  return { events: records, skipped, damaged };
}
