import { execa, type ResultPromise } from 'execa';
import type { EventDraft } from '../../src-shared/models';
import type { LineParser } from '../agents/types';
import type { WorkerFiles } from '../store/session-folder';
import { LineSplitter } from './line-splitter';
import { signalGroup } from './process-group';

export interface WorkerLaunch {
  command: string;
  args: string[];
  cwd: string;
  /** Merged over the inherited environment. */
  env: Record<string, string>;
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
  /** Masks secrets in every line before it is stored or parsed (keys must not reach the disk or the UI). */
  redact?: (line: string) => string;
}

/**
 * One CLI run: its own process group, stdin closed (an open pipe stalls claude and hangs codex), stdout
 * and stderr as pipes. Every stdout line is appended to raw.jsonl before it is parsed ("raw first"), so a
 * parser fix can re-read old sessions.
 */
export class WorkerProcess {
  private child: ResultPromise | null = null;
  private lineNo = 0;
  private startedAt = 0;
  private readonly stderrLines: string[] = [];
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

  start(): number | null {
    this.startedAt = performance.now();
    // A relaunch appends to the same raw.jsonl; line numbers go on from where the last run stopped.
    this.lineNo = this.sinks.files.raw.lineCount;
    const child = execa(this.launch.command, this.launch.args, {
      cwd: this.launch.cwd,
      env: this.launch.env,
      extendEnv: true,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      detached: true,
      cleanup: false,
      windowsHide: true,
    });
    this.child = child;
    const stdout = new LineSplitter((lines) => this.onStdoutLines(lines));
    child.stdout?.on('data', (chunk: Buffer) => stdout.write(chunk));
    const stderr = new LineSplitter((lines) => this.onStderrLines(lines));
    child.stderr?.on('data', (chunk: Buffer) => stderr.write(chunk));
    const streamsDone = Promise.all([closed(child.stdout), closed(child.stderr)]);
    void child.then(async (result) => {
      await streamsDone;
      stdout.end();
      stderr.end();
      this.flushParser();
      const spawnError =
        result.failed && result.exitCode === undefined && !result.signal ? result.message : null;
      this.resolveExit({
        exitCode: result.exitCode ?? null,
        signal: result.signal ?? null,
        durationMs: Math.round(performance.now() - this.startedAt),
        spawnError: spawnError ? firstLine(result.originalMessage || spawnError) : null,
      });
    });
    return child.pid ?? null;
  }

  /** SIGTERM to the group, SIGKILL after the grace period if anything is still running. */
  async stop(graceMs = 3000): Promise<WorkerExit> {
    const pid = this.child?.pid;
    if (pid !== undefined) {
      signalGroup(pid, 'SIGCONT');
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      const exit = await this.exited;
      clearTimeout(timer);
      // Grandchildren that outlived the leader still belong to the group.
      signalGroup(pid, 'SIGKILL');
      return exit;
    }
    return this.exited;
  }

  /** The last lines the CLI wrote on stderr: where most CLIs explain why they failed. */
  get stderrTail(): readonly string[] {
    return this.stderrLines;
  }

  private onStderrLines(raw: string[]): void {
    const lines = this.sinks.redact ? raw.map(this.sinks.redact) : raw;
    this.sinks.onActivity?.();
    for (const line of lines) this.sinks.files.stderr.appendLine(line);
    this.stderrLines.push(...lines);
    if (this.stderrLines.length > STDERR_TAIL)
      this.stderrLines.splice(0, this.stderrLines.length - STDERR_TAIL);
    this.sinks.onStderr?.();
  }

  private onStdoutLines(raw: string[]): void {
    const lines = this.sinks.redact ? raw.map(this.sinks.redact) : raw;
    this.sinks.onActivity?.();
    for (const line of lines) this.sinks.files.raw.appendLine(line);
    for (const line of lines) {
      this.lineNo += 1;
      for (const draft of this.sinks.parser.push(line, this.lineNo)) this.sinks.emit(draft);
    }
  }

  private flushParser(): void {
    for (const draft of this.sinks.parser.end()) this.sinks.emit(draft);
  }
}

const STDERR_TAIL = 200;

const closed = (stream: NodeJS.ReadableStream | null): Promise<void> =>
  new Promise((resolve) => {
    if (!stream) return resolve();
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
  });

const firstLine = (text: string): string => text.split('\n')[0] ?? text;
