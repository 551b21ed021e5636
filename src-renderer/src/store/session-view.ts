import type { Event, SessionState } from '../../../src-shared/models';
import { applyEvent, newWorkerState } from '../../../src-shared/state/reduce-session';
import { appendActivity, MAX_LINES, type ActivityLine } from './projections/activity';
import { logEntryOf, MAX_LOG_ENTRIES, type LogEntry } from './projections/log-entries';
import { emptyOversight, foldOversight, type Oversight } from './projections/oversight';
import { emptyTimeline, foldTimeline, type TimelineData } from './projections/timeline';

export { MAX_LINES, type ActivityLine } from './projections/activity';
export type { LogEntry } from './projections/log-entries';

/** Key of the lines that belong to the session rather than to one worker. */
export const SESSION_LINES = '';

/** The open session as the page sees it: main's state, rebuilt here from the same log, and its views. */
export interface SessionView {
  sessionId: string;
  /** null until the snapshot has arrived. */
  state: SessionState | null;
  /** The newest event folded in; a resubscription asks for everything after it. */
  lastSeq: number;
  /** Recent readable activity per worker, for the panes. */
  lines: Readonly<Record<string, readonly ActivityLine[]>>;
  /** Every event per worker in words, for the log tabs. */
  log: Readonly<Record<string, readonly LogEntry[]>>;
  oversight: Oversight;
  timeline: TimelineData;
  error: string | null;
  /** Controls on their way to main, by command key ("pause:claude", "stop:*"). */
  busy: Readonly<Record<string, boolean>>;
}

export const emptyView = (sessionId: string): SessionView => ({
  sessionId,
  state: null,
  lastSeq: 0,
  lines: {},
  log: {},
  oversight: emptyOversight(),
  timeline: emptyTimeline(),
  error: null,
  busy: {},
});

/**
 * The session before its first event. The snapshot carries no seq, so the page cannot tell which events it
 * already contains; folding the whole log onto this base with the same applyEvent main uses gives exactly
 * main's state. Only the identity of the workers and their branches come from outside the log.
 */
export function initialStateOf(snapshot: SessionState): SessionState {
  return {
    ...snapshot,
    status: 'pending',
    endedAt: null,
    workers: snapshot.workers.map((w) => ({
      ...newWorkerState(w.workerId, w.agent, snapshot.repo, w.demo),
      branch: w.branch,
    })),
  };
}

/** Appends to per-key lists, copying each touched list once per batch and trimming it to `max`. */
function appendByKey<T>(
  current: Readonly<Record<string, readonly T[]>>,
  added: Map<string, T[]>,
  max: number,
): Record<string, readonly T[]> {
  const next = { ...current };
  for (const [key, list] of added) {
    const merged = [...(current[key] ?? []), ...list];
    next[key] = merged.length > max ? merged.slice(merged.length - max) : merged;
  }
  return next;
}

/**
 * Folds one batch into the view. Only workers the batch touches get new objects, so a pane whose worker did
 * not change keeps its props and does not re-render. Events at or below lastSeq are skipped: after a
 * resubscription the two streams may overlap.
 */
export function foldEvents(view: SessionView, events: readonly Event[]): SessionView {
  if (!view.state) return view;
  const fresh = events.filter((e) => e.seq > view.lastSeq);
  if (fresh.length === 0) return view;
  const touched = new Set(fresh.map((e) => e.workerId ?? SESSION_LINES));
  const state: SessionState = {
    ...view.state,
    workers: view.state.workers.map((w) => (touched.has(w.workerId) ? structuredClone(w) : w)),
  };
  const lines = { ...view.lines } as Record<string, ActivityLine[]>;
  const copied = new Set<string>();
  const logAdded = new Map<string, LogEntry[]>();
  for (const event of fresh) {
    applyEvent(state, event);
    const key = event.workerId ?? SESSION_LINES;
    if (!copied.has(key)) {
      lines[key] = [...(lines[key] ?? [])];
      copied.add(key);
    }
    appendActivity(lines[key]!, event);
    let entries = logAdded.get(key);
    if (!entries) logAdded.set(key, (entries = []));
    entries.push(logEntryOf(event));
  }
  for (const key of copied) if (lines[key]!.length > MAX_LINES) lines[key] = lines[key]!.slice(-MAX_LINES);
  return {
    ...view,
    state,
    lines,
    log: appendByKey(view.log, logAdded, MAX_LOG_ENTRIES),
    oversight: foldOversight(view.oversight, fresh),
    timeline: foldTimeline(view.timeline, fresh),
    lastSeq: fresh[fresh.length - 1]!.seq,
  };
}
