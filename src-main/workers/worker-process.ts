import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import type { EventDraft, RawTruncation } from '../../src-shared/models';
import { draft } from '../../src-shared/models';
import type { LineParser } from '../agents/types';
import { DEFAULT_MAX_LINE_CHARS, StreamRedactor } from '../security/line-cap';
import { redactEvent, type Redactor } from '../security/redact';
import { PrivateKeyLines } from '../security/private-key-lines';
import { StreamedTextMasker } from '../security/streamed-text';
import type { WorkerFiles } from '../store/session-folder';
import { LineSplitter } from './line-splitter';
import { PacedStream } from './output-pacer';
import { groupMembers } from './group-sampler';
import { signalGroup } from './process-group';
import { killMarked, RUN_ENV } from './sweep';
import { startWatchdog, type Watchdog } from './watchdog';

export interface WorkerLaunch {
  command: string;
  args: string[];
  cwd: string;
  /** Merged over the inherited environment. */
  env: Record<string, string>;
  /**
   * The prompt when it goes on stdin rather than in the argument list (one argument may hold only 128 KiB):
   * written whole, then stdin is closed, as an open pipe would stall claude and hang codex.
   */
  input?: string;
}

export interface WorkerExit {
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** The executable could not be started at all (e.g. not installed). */
  spawnError: string | null;
}

export interface WorkerSinks {
  files: WorkerFiles;
  parser: LineParser;
  emit: (draft: EventDraft) => void;
  /** Called whenever the CLI writes anything, for the inactivity watchdog. */
  onActivity?: () => void;
  /** Called after new stderr lines arrive (they are in stderrTail by then). */
  onStderr?: () => void;
  /**
   * Masks secrets in every line before it is stored or parsed, and in every event the parser builds (keys
   * must not reach the disk or the UI): JSON lines are masked in their decoded strings, a streamed message as
   * a whole.
   */
  redact?: Redactor;
  /**
   * Longest stdout or stderr line kept in memory (code units; default DEFAULT_MAX_LINE_CHARS). The rest of a
   * longer line goes to overflow/ beside raw.jsonl, and its event says so.
   */
  maxLineChars?: number;
}

/**
 * How long the output may take to end once the CLI itself has exited: what it printed last is still in the
 * pipe. A pipe still open after that is held by a process the CLI left behind, which is not waited on.
 */
const DRAIN_MS = 1000;
/** After the leftovers are killed, the pipes they held close; past this they are closed from this side. */
const CLOSE_MS = 1000;

/**
 * One CLI run: its own process group, stdin closed (an open pipe stalls claude and hangs codex), stdout
 * and stderr as pipes. Every stdout line is appended to raw.jsonl before it is parsed ("raw first"), so a
 * parser fix can re-read old sessions.
 *
 * The run ends when the CLI's own process has exited and its output is read — never later than
 * DRAIN_MS + CLOSE_MS after that exit, whatever it left behind: processes still in its group or still
 * carrying its run's marker (even those that left the group with setsid) are killed and noted, and pipes
 * they hold are closed. A watchdog kills them all if the orchestrator dies first.
 */
export class WorkerProcess {
  private child: ResultPromise | null = null;
  /** "ORCHESTRATOR_RUN_ID=<uuid>": in the environment of this run's every process. */
  private runMarker = '';
  private mainExited = false;
  private watchdog: Watchdog | null = null;
  private lineNo = 0;
  private startedAt = 0;
  private readonly stderrLines: string[] = [];
  /** stdout lines as they may be stored: masked, fragments of a streamed message held until it ends. */
  private stdoutMasker: StreamedTextMasker | null = null;
  /** A private key printed on stderr spans lines: its body lines are masked too. */
  private stderrKeys: PrivateKeyLines | null = null;
  readonly exited: Promise<WorkerExit>;
  private resolveExit!: (exit: WorkerExit) => void;

  constructor(
    private readonly launch: WorkerLaunch,
    private readonly sinks: WorkerSinks,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  private spawn(runId: string) {
    return execa(this.launch.command, this.launch.args, {
      cwd: this.launch.cwd,
      env: { ...this.launch.env, [RUN_ENV]: runId },
      extendEnv: true,
      ...(this.launch.input !== undefined ? { input: this.launch.input } : { stdin: 'ignore' as const }),
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      detached: true,
      cleanup: false,
      windowsHide: true,
    });
  }

  start(): number | null {
    this.startedAt = performance.now();
    // A relaunch appends to the same raw.jsonl; line numbers go on from where the last run stopped.
    this.lineNo = this.sinks.files.raw.lineCount;
    const runId = randomUUID();
    this.runMarker = `${RUN_ENV}=${runId}`;
    let child: ReturnType<WorkerProcess['spawn']>;
    try {
      child = this.spawn(runId);
    } catch (error) {
      // Refused before any process exists — an argument or a variable the OS cannot take (a NUL): this
      // run fails to start, saying why, like a missing executable; the program goes on.
      this.resolveExit({
        exitCode: null,
        signal: null,
        durationMs: 0,
        spawnError: firstLine((error as Error).message),
      });
      return null;
    }
    this.child = child;
    const { files, redact } = this.sinks;
    this.stdoutMasker = redact ? new StreamedTextMasker(redact) : null;
    this.stderrKeys = redact ? new PrivateKeyLines(redact) : null;
    const maxLineChars = this.sinks.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
    // A runaway line (a CLI printing 100 MB without a newline) must not be held whole: past the cap its
    // rest streams to a file named after the line's number in raw.jsonl / stderr.log.
    // A disk fault while writing an overflow is the log's fault: reported like a failed raw.jsonl write, so the
    // session stops its workers instead of the orchestrator dying on an uncaught write error.
    const stdoutOverflow = new OverflowFile(dirname(files.raw.path), 'line', redact, (error) =>
      files.raw.reportFault(error),
    );
    const stdout = new LineSplitter(
      (lines, cut, bytes) => this.onStdoutLines(lines, cut && stdoutOverflow.finish(), bytes),
      {
        maxLineChars,
        // Held fragment lines are stored before the cut line: its number counts them.
        onOverflow: (text, head) =>
          stdoutOverflow.write(text, head, () => files.raw.lineCount + (this.stdoutMasker?.size ?? 0) + 1),
      },
    );
    // Any output is activity, a line still unfinished included: a CLI streaming one huge tool result
    // slowly is working, not idle.
    const stdoutPaced = new PacedStream((chunk) => {
      this.sinks.onActivity?.();
      stdout.write(chunk);
    });
    child.stdout?.on('data', (chunk: Buffer) => stdoutPaced.push(chunk));
    const stderrOverflow = new OverflowFile(dirname(files.stderr.path), 'stderr-line', redact, (error) =>
      files.stderr.reportFault(error),
    );
    const stderr = new LineSplitter(
      (lines, cut) => this.onStderrLines(lines, cut && stderrOverflow.finish()),
      {
        maxLineChars,
        onOverflow: (text, head) => stderrOverflow.write(text, head, () => files.stderr.lineCount + 1),
      },
    );
    const stderrPaced = new PacedStream((chunk) => {
      this.sinks.onActivity?.();
      stderr.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => stderrPaced.push(chunk));
    const streamsDone = Promise.all([closed(child.stdout), closed(child.stderr)]);
    const finish = (exit: WorkerExit): void => {
      stdoutPaced.drain();
      stderrPaced.drain();
      stdout.end();
      stderr.end();
      this.storeAndParse(this.stdoutMasker?.release() ?? []);
      this.flushParser();
      this.resolveExit(exit);
    };
    const exitDuration = () => Math.round(performance.now() - this.startedAt);
    if (child.pid === undefined) {
      // Not started at all (not installed, E2BIG…): execa's result says why, at once.
      void child.then(async (result) => {
        await streamsDone;
        const spawnError =
          result.failed && result.exitCode === undefined && !result.signal ? result.message : null;
        finish({
          exitCode: result.exitCode ?? null,
          signal: result.signal ?? null,
          durationMs: exitDuration(),
          spawnError: spawnError ? firstLine(result.originalMessage || spawnError) : null,
        });
      });
      return null;
    }
    // With reject: false execa's own result never rejects; it is not waited on, the exit event is.
    void child.catch(() => undefined);
    this.watchdog = startWatchdog(child.pid, this.runMarker);
    const pid = child.pid;
    void new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (code, signal) => resolve([code, signal])),
    ).then(async ([code, signal]) => {
      this.mainExited = true;
      const durationMs = exitDuration();
      const leftovers = await this.settle(pid, streamsDone, child);
      if (leftovers.length > 0) {
        this.sinks.emit(
          draft('error', {
            message: `the CLI exited and left ${leftovers.length} process${leftovers.length === 1 ? '' : 'es'} running (pid ${leftovers.join(', ')}); killed`,
            fatal: false,
            code: 'leftover_processes',
          }),
        );
      }
      finish({ exitCode: code, signal, durationMs, spawnError: null });
    });
    return pid;
  }

  /**
   * After the CLI's own process exited: its output read to the end, or cut short by leftovers that hold the
   * pipes; every leftover killed. Returns the pids of the leftovers that were still running.
   */
  private async settle(pid: number, streamsDone: Promise<unknown>, child: ResultPromise): Promise<number[]> {
    const drained = await endsWithin(streamsDone, DRAIN_MS);
    const leftovers = this.killLeftovers(pid);
    if (!drained && !(await endsWithin(streamsDone, CLOSE_MS))) {
      // A holder that cannot be killed (another user's, uninterruptible): the pipes are closed from here.
      child.stdout?.destroy();
      child.stderr?.destroy();
    }
    this.watchdog?.dismiss();
    return leftovers;
  }

  /** SIGKILL to what is left of the run: its process group and every process carrying its marker. */
  private killLeftovers(pid: number): number[] {
    const killed = new Set<number>();
    for (const member of groupMembers(pid)) {
      try {
        process.kill(member.pid, 'SIGKILL');
        killed.add(member.pid);
      } catch {
        // Already gone.
      }
    }
    for (const marked of killMarked(this.runMarker)) killed.add(marked);
    return [...killed];
  }

  /**
   * SIGTERM to the group, SIGKILL to the group and to every process of the run (the marker finds those
   * that left the group) after the grace period. Resolves once the run has ended (see settle): bounded.
   */
  async stop(graceMs = 3000): Promise<WorkerExit> {
    const pid = this.child?.pid;
    if (pid === undefined || this.mainExited) return this.exited;
    signalGroup(pid, 'SIGCONT');
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      signalGroup(pid, 'SIGKILL');
      killMarked(this.runMarker);
    }, graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The last lines the CLI wrote on stderr: where most CLIs explain why they failed. */
  get stderrTail(): readonly string[] {
    return this.stderrLines;
  }

  private onStderrLines(raw: string[], cut?: Overflowed): void {
    // stderr.log has no event to carry the mark, so a cut line itself says where its rest is.
    const lines = cut
      ? [`${this.keptHead(raw[0]!, cut)} [cut: ${cut.bytes} more bytes in ${cut.file}]`]
      : this.sinks.redact
        ? raw.map((line) => this.stderrKeys!.mask(line))
        : raw;
    for (const line of lines) this.sinks.files.stderr.appendLine(line);
    this.stderrLines.push(...lines);
    if (this.stderrLines.length > STDERR_TAIL)
      this.stderrLines.splice(0, this.stderrLines.length - STDERR_TAIL);
    this.sinks.onStderr?.();
  }

  private onStdoutLines(raw: string[], cut?: Overflowed, bytes?: Buffer[]): void {
    const masker = this.stdoutMasker;
    if (cut) {
      // A cut line cannot be held: what was held goes first, then its head, masked like its overflow.
      this.storeAndParse(masker?.release() ?? []);
      this.storeAndParse([this.keptHead(raw[0]!, cut)], undefined, cut);
      return;
    }
    if (!masker) {
      this.storeAndParse(raw, bytes);
      return;
    }
    const heldBefore = masker.size;
    const lines = raw.flatMap((line) => masker.push(line));
    // Lines the masker left as they were, none held, are stored as the bytes they came in (no second encoding).
    const asTheyCame =
      heldBefore === 0 &&
      masker.size === 0 &&
      lines.length === raw.length &&
      lines.every((l, i) => l === raw[i]);
    this.storeAndParse(lines, asTheyCame ? bytes : undefined);
  }

  /** Appends lines to raw.jsonl (as `bytes` when given: the same lines as they came), then parses them. */
  private storeAndParse(lines: string[], bytes?: Buffer[], cut?: Overflowed): void {
    if (lines.length === 0) return;
    if (bytes) this.sinks.files.raw.appendBytes(bytes, lines.length);
    else for (const line of lines) this.sinks.files.raw.appendLine(line);
    for (const line of lines) {
      this.lineNo += 1;
      const drafts = this.parse(line, this.lineNo);
      const marked = cut
        ? markTruncated(drafts, line, this.lineNo, {
            keptChars: line.length,
            overflowBytes: cut.bytes,
            overflowFile: cut.file,
          })
        : drafts;
      for (const d of marked) this.emitMasked(d);
    }
  }

  /**
   * Events are masked once more after parsing: a parser joins what the lines held apart (fragments of a
   * streamed message, a tool's output across lines), and the joined text may form a key no line held whole.
   */
  private emitMasked(d: EventDraft): void {
    this.sinks.emit(this.sinks.redact ? redactEvent(d, this.sinks.redact) : d);
  }

  /** The stored head of a cut line: without what the redactor moved into the overflow, redacted. */
  private keptHead(head: string, cut: Overflowed): string {
    const kept = cut.pulled > 0 ? head.slice(0, head.length - cut.pulled) : head;
    return this.sinks.redact ? this.sinks.redact(kept) : kept;
  }

  private flushParser(): void {
    let drafts: EventDraft[];
    try {
      drafts = this.sinks.parser.end();
    } catch (error) {
      drafts = [this.parserFault(error, null)];
    }
    for (const d of drafts) this.emitMasked(d);
  }

  /**
   * One line through the parser. Parsers are meant never to throw; one that does must not take the
   * program down from inside a stream handler: the line is kept as a raw event, and the fault is said.
   */
  private parse(line: string, lineNo: number): EventDraft[] {
    try {
      return this.sinks.parser.push(line, lineNo);
    } catch (error) {
      return [
        draft('raw', { line, reason: 'malformed' }, { from: lineNo, to: lineNo }),
        this.parserFault(error, lineNo),
      ];
    }
  }

  private parserFault(error: unknown, lineNo: number | null): EventDraft {
    const where = lineNo === null ? 'at the end of the output' : `on line ${lineNo}`;
    const message = `the output parser failed ${where}: ${firstLine(String((error as Error)?.message ?? error))}`;
    return draft('error', { message, fatal: false, code: 'parser_fault' });
  }
}

const STDERR_TAIL = 200;

/** A cut line's overflow once written: its file (relative to the worker's folder) and size. */
interface Overflowed {
  file: string;
  bytes: number;
  /** Chars of the head the redactor moved into the file so that no secret is split. */
  pulled: number;
}

/**
 * The overflow file of the line of one stream that is being cut: opened with the line's first overflow
 * piece, written piece by piece (through a StreamRedactor when secrets are masked), closed when the line
 * ends. User-only like every file of the session.
 */
class OverflowFile {
  private fd: number | null = null;
  private file = '';
  private bytes = 0;
  private redactor: StreamRedactor | null = null;
  /** A write failed: the rest of this line is dropped (the fault is reported, the session stops). */
  private failed = false;

  constructor(
    private readonly folder: string,
    private readonly prefix: string,
    private readonly redact: ((text: string) => string) | undefined,
    private readonly onError: (error: unknown) => void,
  ) {}

  write(text: string, head: string | undefined, lineNo: () => number): void {
    if (head !== undefined || (this.fd === null && !this.failed)) this.open(lineNo(), head ?? '');
    this.put(this.redactor ? this.redactor.push(text) : text);
  }

  finish(): Overflowed {
    if (this.fd === null) return { file: this.file, bytes: this.bytes, pulled: this.redactor?.pulled ?? 0 };
    if (this.redactor) this.put(this.redactor.end());
    this.close();
    return { file: this.file, bytes: this.bytes, pulled: this.redactor?.pulled ?? 0 };
  }

  private open(lineNo: number, head: string): void {
    this.close();
    this.failed = false;
    this.file = `overflow/${this.prefix}-${lineNo}.txt`;
    this.bytes = 0;
    this.redactor = this.redact ? new StreamRedactor(this.redact, head) : null;
    try {
      mkdirSync(join(this.folder, 'overflow'), { recursive: true, mode: 0o700 });
      // 'w': a line number reused after a crash cut raw.jsonl's torn tail belongs to the new line.
      this.fd = openSync(join(this.folder, this.file), 'w', 0o600);
    } catch (error) {
      this.fail(error);
    }
  }

  private put(text: string): void {
    if (text.length === 0 || this.fd === null) return;
    try {
      this.bytes += writeSync(this.fd, text);
    } catch (error) {
      this.fail(error);
    }
  }

  private close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.failed = true;
    this.close();
    this.onError(error);
  }
}

/**
 * The event of a cut line says so: its `raw` event (a cut JSON line no longer parses) gets the mark, and a
 * parser that read something from the head anyway still leaves one marked `raw` event for the line.
 */
function markTruncated(
  drafts: EventDraft[],
  line: string,
  lineNo: number,
  truncated: RawTruncation,
): EventDraft[] {
  let marked = false;
  const out = drafts.map((d): EventDraft => {
    if (d.type !== 'raw' || d.lines?.from !== lineNo) return d;
    marked = true;
    return { ...d, payload: { ...d.payload, truncated } };
  });
  if (!marked) out.push(draft('raw', { line, reason: 'malformed', truncated }, { from: lineNo, to: lineNo }));
  return out;
}

const closed = (stream: NodeJS.ReadableStream | null): Promise<void> =>
  new Promise((resolve) => {
    if (!stream) return resolve();
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
  });

const firstLine = (text: string): string => text.split('\n')[0] ?? text;

/** Whether the promise settles within `ms`. */
function endsWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
