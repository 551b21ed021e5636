import type { Event, EventType, SessionState } from '../../../src-shared/models';
import { applyEvent, copyChangedFiles, newWorkerState } from '../../../src-shared/state/reduce-session';
import { appendActivity, MAX_LINES, type ActivityLine } from './projections/activity';
import { logEntryOf, MAX_LOG_ENTRIES, type LogEntry } from './projections/log-entries';
import { emptyOversight, foldOversight, type Oversight } from './projections/oversight';
import { emptyTimeline, foldTimeline, type TimelineData } from './projections/timeline';
import { changesSpend, pushSpendPoint, type SpendPoint } from './projections/spend-series';
import { sessionSpend } from '../../../src-shared/state/spend';

export { MAX_LINES, type ActivityLine } from './projections/activity';
export type { LogEntry } from './projections/log-entries';

export interface LogCount {
  total: number;
  types: Readonly<Partial<Record<EventType, number>>>;
}

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
  /**
   * The newest events per worker in words, for the log tabs: a window of at most MAX_LOG_ENTRIES each.
   * Older ones are read back from the session's events.jsonl when a tab scrolls to them.
   */
  log: Readonly<Record<string, readonly LogEntry[]>>;
  /** How many events each worker's log has in all, and of each type: what the window no longer holds. */
  logCounts: Readonly<Record<string, LogCount>>;
  oversight: Oversight;
  timeline: TimelineData;
  /** The session's total spend after each usage report, for the cost-over-time chart. */
  spendSeries: readonly SpendPoint[];
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
  logCounts: {},
  oversight: emptyOversight(),
  timeline: emptyTimeline(),
  spendSeries: [],
  error: null,
  busy: {},
});

/**
 * The session before its first event. The snapshot carries no seq, so the page cannot tell which events it
 * already contains; folding the whole log onto this base with the same applyEvent main uses gives exactly
 * main's state. Only the identity of the workers and their branches come from outside the log.
 */
export function initialStateOf(snapshot: SessionState): SessionState {
  // The planner's spend is counted from the log like every other figure.
  const { plannerSpend: _counted, ...identity } = snapshot;
  return {
    ...identity,
    status: 'pending',
    endedAt: null,
    // Folded again from the log like everything else, so the page never holds a question main has closed.
    openDecisions: [],
    workers: snapshot.workers.map((w) => ({
      ...newWorkerState(w.workerId, w.agent, snapshot.repo, w.demo),
      branch: w.branch,
    })),
  };
}

/** Appends entries to a log's window, copying it once and keeping at most MAX_LOG_ENTRIES. */
function appendWindow(current: readonly LogEntry[], added: LogEntry[]): readonly LogEntry[] {
  const drop = Math.max(0, current.length + added.length - MAX_LOG_ENTRIES);
  if (drop >= current.length) return added.slice(drop - current.length);
  const next = current.slice(drop);
  for (const entry of added) next.push(entry);
  return next;
}

function countTypes(current: LogCount | undefined, events: readonly Event[]): LogCount {
  const types: Partial<Record<EventType, number>> = { ...current?.types };
  for (const event of events) types[event.type] = (types[event.type] ?? 0) + 1;
  return { total: (current?.total ?? 0) + events.length, types };
}

/**
 * Folds one batch into the view. Only workers the batch touches get new objects, so a pane whose worker did
 * not change keeps its props and does not re-render. Events at or below lastSeq are skipped: after a
 * resubscription the two streams may overlap. Memory stays bounded however long the session: each log
 * keeps a window of its newest entries (an event that would leave it at once is never worded) and counts
 * the rest; panes, timeline and oversight keep bounded lists of their own.
 */
export function foldEvents(view: SessionView, events: readonly Event[]): SessionView {
  if (!view.state) return view;
  const fresh = view.lastSeq === 0 ? events : events.filter((e) => e.seq > view.lastSeq);
  if (fresh.length === 0) return view;
  const byKey = new Map<string, Event[]>();
  const filesTouched = new Set<string>();
  for (const event of fresh) {
    const key = event.workerId ?? SESSION_LINES;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(event);
    if (event.type === 'file_change') filesTouched.add(key);
  }
  // A shallow copy is enough: applyEvent replaces a worker's fields, except the list of files it appends to.
  const state: SessionState = {
    ...view.state,
    workers: view.state.workers.map((w) =>
      byKey.has(w.workerId)
        ? {
            ...w,
            filesChanged: filesTouched.has(w.workerId) ? copyChangedFiles(w.filesChanged) : w.filesChanged,
          }
        : w,
    ),
  };
  let spendSeries: SpendPoint[] | null = null;
  for (const event of fresh) {
    applyEvent(state, event);
    // Per event, not per batch: a stored session arrives in a few large batches and still gets its curve.
    if (changesSpend(event))
      pushSpendPoint((spendSeries ??= [...view.spendSeries]), event, sessionSpend(state));
  }
  const lines = { ...view.lines };
  const log = { ...view.log };
  const logCounts = { ...view.logCounts };
  for (const [key, list] of byKey) {
    const activity = [...(lines[key] ?? [])];
    for (const event of list.length > MAX_LINES * 4 ? list.slice(-MAX_LINES * 4) : list)
      appendActivity(activity, event);
    lines[key] = activity.length > MAX_LINES ? activity.slice(-MAX_LINES) : activity;
    const worded = list.length > MAX_LOG_ENTRIES ? list.slice(-MAX_LOG_ENTRIES) : list;
    log[key] = appendWindow(view.log[key] ?? [], worded.map(logEntryOf));
    logCounts[key] = countTypes(view.logCounts[key], list);
  }
  return {
    ...view,
    state,
    lines,
    log,
    logCounts,
    oversight: foldOversight(view.oversight, fresh),
    timeline: foldTimeline(view.timeline, fresh),
    spendSeries: spendSeries ?? view.spendSeries,
    lastSeq: fresh[fresh.length - 1]!.seq,
  };
}
