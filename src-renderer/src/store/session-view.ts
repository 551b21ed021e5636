import type { Event, SessionState } from '../../../src-shared/models';
import { describeEvent } from '../../../src-shared/state/describe-event';
import { applyEvent, newWorkerState } from '../../../src-shared/state/reduce-session';

/** Lines kept per worker: a pane shows recent activity; the full log stays on disk. */
export const MAX_LINES = 200;
/** Key of the lines that belong to the session rather than to one worker. */
export const SESSION_LINES = '';

export type LineTone = 'plain' | 'milestone' | 'warning' | 'error';

export interface ActivityLine {
  seq: number;
  ts: string;
  text: string;
  tone: LineTone;
}

/** The open session as the page sees it: main's state, rebuilt here from the same log. */
export interface SessionView {
  sessionId: string;
  /** null until the snapshot has arrived. */
  state: SessionState | null;
  /** The newest event folded in; a resubscription asks for everything after it. */
  lastSeq: number;
  lines: Readonly<Record<string, readonly ActivityLine[]>>;
  error: string | null;
  stopping: boolean;
}

export const emptyView = (sessionId: string): SessionView => ({
  sessionId,
  state: null,
  lastSeq: 0,
  lines: {},
  error: null,
  stopping: false,
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

function toneOf(event: Event): LineTone {
  switch (event.type) {
    case 'MILESTONE':
      return 'milestone';
    case 'BLOCKER':
      return 'error';
    case 'error':
      return event.payload.fatal ? 'error' : 'warning';
    case 'worker_status':
      return event.payload.status === 'failed' ? 'error' : 'plain';
    default:
      return 'plain';
  }
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
  const added = new Map<string, ActivityLine[]>();
  for (const event of fresh) {
    applyEvent(state, event);
    const text = describeEvent(event);
    if (text === null) continue;
    const key = event.workerId ?? SESSION_LINES;
    let list = added.get(key);
    if (!list) added.set(key, (list = []));
    list.push({ seq: event.seq, ts: event.ts, text, tone: toneOf(event) });
  }
  const lines = { ...view.lines };
  for (const [key, list] of added) lines[key] = [...(lines[key] ?? []), ...list].slice(-MAX_LINES);
  return { ...view, state, lines, lastSeq: fresh[fresh.length - 1]!.seq };
}
