import type { BuiltinAgent, EventDraft, StreamFormat } from '../../src-shared/models';

/**
 * A streaming parser of one CLI run's stdout. Stateful (gemini joins text deltas), so one per run.
 * It never throws: a line it cannot read becomes a `raw` event, so no line is ever lost.
 */
export interface LineParser {
  /** One stdout line without its newline; lineNo is its 1-based number in the worker's raw.jsonl. */
  push(line: string, lineNo: number): EventDraft[];
  /** The stream ended: emit whatever is still buffered. */
  end(): EventDraft[];
}

export type RunMode = 'work' | 'review' | 'plan';

export interface CommandOptions {
  prompt: string;
  cwd: string;
  /** review and plan runs must not write to the worktree. */
  mode: RunMode;
  model?: string | null;
  /** The CLI's own session id to continue. */
  resumeRef?: string | null;
  /** Extra args from the config: after the adapter's flags, before the prompt. */
  extraArgs?: readonly string[];
}

export interface CommandSpec {
  /** Arguments only; the executable comes from the config or the demo agent. */
  args: string[];
  /** Environment the CLI needs on top of the inherited one (telemetry off, no-relaunch…). */
  env: Record<string, string>;
  /** The prompt when it is too long for the argument list: written to the CLI's stdin, which is then closed. */
  stdin?: string;
}

/** One per real CLI: how to launch it headless and how to read what it prints. */
export interface AgentAdapter {
  name: BuiltinAgent;
  format: StreamFormat;
  /** Default executable name looked up on PATH. */
  defaultCommand: string;
  buildCommand(options: CommandOptions): CommandSpec;
  createParser(): LineParser;
}
