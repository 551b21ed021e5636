import { draft, type EventDraft, type RawLines } from '../../../src-shared/models';
import type { LineParser } from '../types';
import { at, parseJsonObject, rawLine } from '../signals';
import { assistantEvents, userEvents } from './blocks';
import { int, num, str, type Json } from './fields';
import { resultEvents } from './result';
import { flushPending, newState, type ClaudeState } from './state';

/** Known lines that carry nothing the product needs (partial deltas, hooks, UI status). */
const IGNORED_TYPES = new Set([
  'stream_event',
  'tool_progress',
  'tool_use_summary',
  'rate_limit_event',
  'prompt_suggestion',
  'auth_status',
]);
const IGNORED_SYSTEM = new Set([
  'status',
  'compact_boundary',
  'hook_started',
  'hook_progress',
  'hook_response',
  'session_state_changed',
]);

function systemEvents(state: ClaudeState, line: Json, lines: RawLines): EventDraft[] | null {
  switch (str(line.subtype)) {
    case 'init': {
      // One init per turn (cli notes §3); the session only needs announcing when it changes.
      const ref = str(line.session_id);
      const model = str(line.model);
      state.cwd = str(line.cwd) ?? state.cwd;
      state.fatalReported = false;
      const out: EventDraft[] = [];
      if (ref && (ref !== state.sessionRef || model !== state.model)) {
        out.push(draft('session_ref', model ? { ref, model } : { ref }, lines));
      }
      state.sessionRef = ref ?? state.sessionRef;
      state.model = model ?? state.model;
      out.push(draft('turn', { phase: 'started' }, lines));
      return out;
    }
    case 'api_retry': {
      const status = int(line.error_status);
      const code = str(line.error) ?? 'unknown';
      const attempt = `${num(line.attempt) ?? '?'}/${num(line.max_retries) ?? '?'}`;
      const message = `API request failed (${status ?? code}); claude retries in ${num(line.retry_delay_ms) ?? '?'} ms (attempt ${attempt})`;
      return [draft('error', { message, fatal: false, code, httpStatus: status, retrying: true }, lines)];
    }
    case 'permission_denied': {
      const toolId = str(line.tool_use_id);
      if (toolId) state.denied.add(toolId);
      const message = str(line.message) ?? `permission denied for ${str(line.tool_name) ?? 'a tool'}`;
      return [draft('error', { message, fatal: false, code: 'permission_denied' }, lines)];
    }
    default:
      return IGNORED_SYSTEM.has(str(line.subtype) ?? '') ? [] : null;
  }
}

/** Routes one parsed line by type, then subtype: key order is not stable (cli notes §3). */
function route(state: ClaudeState, line: Json, text: string, lineNo: number): EventDraft[] {
  const lines = at(lineNo);
  const type = str(line.type);
  if (type === 'result') return resultEvents(state, line, lines);
  let events: EventDraft[] | null;
  if (type === 'system') events = systemEvents(state, line, lines);
  else if (type === 'assistant') events = assistantEvents(state, line, lines);
  else if (type === 'user') events = userEvents(state, line, lines);
  else events = type && IGNORED_TYPES.has(type) ? [] : null;
  if (events === null) return [rawLine(text, lineNo, 'unknown')];
  // A held synthetic error covers its own line later, once the next line tells whether it was fatal.
  const covered = events.length > 0 || state.pendingError !== null;
  return covered ? events : [rawLine(text, lineNo, 'ignored')];
}

/** Reads `claude -p --output-format stream-json --verbose` stdout, one line at a time. */
export function createClaudeParser(): LineParser {
  const state = newState();
  return {
    push(line, lineNo) {
      const obj = parseJsonObject(line);
      if (!obj) return [rawLine(line, lineNo, 'malformed')];
      // Any line but the result means a held synthetic error did not end the run.
      const held = obj.type === 'result' ? [] : flushPending(state, false);
      try {
        return [...held, ...route(state, obj, line, lineNo)];
      } catch {
        return [...held, rawLine(line, lineNo, 'unknown')];
      }
    },
    end() {
      return flushPending(state, true);
    },
  };
}
