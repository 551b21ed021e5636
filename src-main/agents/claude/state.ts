import type { EventDraft } from '../../../src-shared/models';
import type { Json } from './fields';

/** What one claude run's parser remembers between lines. */
export interface ClaudeState {
  sessionRef: string | null;
  model: string | null;
  /** From system/init: makes tool summaries show paths relative to the worktree. */
  cwd: string | null;
  /** tool_use blocks by id, so their results can become command / file_change events. */
  tools: Map<string, { name: string; input: Json | null }>;
  /**
   * An API error the CLI reported as a synthetic assistant message. Held until the next line: the
   * `result` that follows it decides whether it ended the run, and then both become one fatal error.
   */
  pendingError: EventDraft<'error'> | null;
  /** A fatal error was already emitted in this turn, so the result line must not repeat it. */
  fatalReported: boolean;
  /** tool_use ids already reported by system/permission_denied (result.permission_denials repeats them). */
  denied: Set<string>;
}

export const newState = (): ClaudeState => ({
  sessionRef: null,
  model: null,
  cwd: null,
  tools: new Map(),
  pendingError: null,
  fatalReported: false,
  denied: new Set(),
});

/** Releases a held synthetic error; fatal when the run ends right after it. */
export function flushPending(state: ClaudeState, fatal: boolean): EventDraft[] {
  const pending = state.pendingError;
  if (!pending) return [];
  state.pendingError = null;
  if (fatal) state.fatalReported = true;
  return [{ ...pending, payload: { ...pending.payload, fatal } }];
}
