import type {
  DecisionAllowance,
  DecisionVerdict,
  Event,
  OpenDecision,
  SessionState,
  SessionStatus,
  Unreviewed,
} from '../models';
import { OPEN_ACTIONS, TERMINAL_WORKER_STATUSES, WORKING_SESSION_STATUSES } from '../models';

/**
 * The oversight state machine: which decisions wait for a person, on which worker, and what each allows.
 * A pure fold over the session's log, so main, the headless CLI, the HTTP API and the page all read the
 * same open decisions from the same events.
 *
 * - A PAUSE_AND_CLARIFY or STOP_AND_ESCALATE decision about a worker opens a decision on that worker; a
 *   newer one on the same worker replaces it, so a worker never has two questions open at once.
 * - A person's resume or stop closes the decisions it is aimed at: one worker's, or with no target every one.
 *   The policy's own stop after an escalation closes nothing: it is what needs the person; nor does the
 *   program's own stop when it closes — the questions wait for the next start.
 * - A session that ends completed, failed or stopped has nothing left to decide. A paused, escalated or
 *   interrupted one keeps its questions until someone answers them.
 */
export function applyOversight(state: SessionState, event: Event): void {
  switch (event.type) {
    case 'decision': {
      const opened = openedBy(event, state.baseCommit !== null);
      if (!opened) return;
      const others = (state.openDecisions ?? []).filter(
        (d) => d.workerId !== opened.workerId && d.id !== opened.id,
      );
      state.openDecisions = [...others, opened];
      return;
    }
    case 'control': {
      const { command, by, target } = event.payload;
      // The policy's stop and the program's own (closing, a disk fault) leave the questions to the person.
      if (by === 'policy' || by === 'system' || (command !== 'resume' && command !== 'stop')) return;
      close(state, (d) => target === undefined || d.workerId === target);
      return;
    }
    case 'session_status':
      if (CLOSING_STATUSES.has(event.payload.status)) close(state, () => true);
      return;
    default:
      return;
  }
}

/** The session's open decisions, oldest first ([] for a session.json written before they existed). */
export const openDecisionsOf = (state: Pick<SessionState, 'openDecisions'>): readonly OpenDecision[] =>
  state.openDecisions ?? [];

/** The open decision on one worker, if any. */
export const openDecisionOn = (
  state: Pick<SessionState, 'openDecisions'>,
  workerId: string,
): OpenDecision | undefined => openDecisionsOf(state).find((d) => d.workerId === workerId);

/**
 * Why no review of this worker may start now, or null: its verdicts would have nobody to act on them while
 * the worker waits for a person, or once the session was escalated (its workers are being stopped).
 */
export function reviewHold(state: SessionState, workerId: string): string | null {
  if (state.status === 'escalated') return 'the session was escalated';
  const open = openDecisionOn(state, workerId);
  return open ? `${workerId} waits for a person (decision ${open.id})` : null;
}

/** What a restart finds of a session whose orchestrator is gone, and must write down. */
export interface RestartFindings {
  /** Workers that were at work and are not any more. */
  stopped: string[];
  /** The session itself was at work: it was interrupted. False for one that waits for a person. */
  interrupted: boolean;
}

/**
 * A session whose orchestrator vanished: one at work was interrupted, its unfinished workers stopped. A
 * paused one waited for a person and still does: it stays paused with its questions, and only workers that
 * were at work beside the questions were interrupted. An ended session (escalated included) is left alone.
 */
export function restartFindings(state: SessionState): RestartFindings {
  const working = WORKING_SESSION_STATUSES.has(state.status);
  if (!working && state.status !== 'paused') return { stopped: [], interrupted: false };
  const stopped = state.workers
    .filter((w) => !TERMINAL_WORKER_STATUSES.includes(w.status))
    .filter((w) => working || !openDecisionOn(state, w.workerId))
    .map((w) => w.workerId);
  return { stopped, interrupted: working };
}

/** The session ended in a way that leaves nothing to decide. */
const CLOSING_STATUSES: ReadonlySet<SessionStatus> = new Set(['completed', 'failed', 'stopped']);

/** Copy on write: the page keeps earlier states (shallow copies) for rendering, so the list is replaced. */
function close(state: SessionState, matches: (d: OpenDecision) => boolean): void {
  const open = state.openDecisions ?? [];
  if (!open.some(matches)) return;
  state.openDecisions = open.filter((d) => !matches(d));
}

function openedBy(event: Event<'decision'>, hasDiff: boolean): OpenDecision | null {
  const { payload } = event;
  const workerId = payload.target ?? event.workerId;
  if (!OPEN_ACTIONS.includes(payload.action) || !workerId) return null;
  const verdicts = payload.verdicts ?? [];
  const unreviewed = payload.unreviewed ?? [];
  return {
    id: String(event.seq),
    seq: event.seq,
    workerId,
    action: payload.action,
    rule: payload.rule,
    ruleText: payload.ruleText ?? ruleInWords(payload.rule, verdicts, unreviewed),
    question: payload.question ?? questionOf(payload.action, workerId, payload.reason),
    reason: payload.reason,
    findings: payload.findings ?? [],
    verdicts,
    unreviewed,
    allows: allowsOf(payload.action, hasDiff),
    openedAt: event.ts,
  };
}

function allowsOf(action: OpenDecision['action'], hasDiff: boolean): DecisionAllowance[] {
  const choices: DecisionAllowance[] =
    action === 'STOP_AND_ESCALATE'
      ? ['answer', 'continue', 'stop_session']
      : ['answer', 'continue', 'stop_worker', 'stop_session'];
  return hasDiff ? [...choices, 'inspect_diff'] : choices;
}

/** "2 of 2 reviewers raised concerns", "1 of 2 reviewers found a blocker", "command guard rule rm-rf". */
export function ruleInWords(
  rule: string,
  verdicts: readonly DecisionVerdict[],
  unreviewed: readonly Unreviewed[] = [],
): string {
  const count = (verdict: DecisionVerdict['verdict']) => verdicts.filter((v) => v.verdict === verdict).length;
  const of = `of ${verdicts.length} reviewer${verdicts.length === 1 ? '' : 's'}`;
  const missing =
    unreviewed.length > 0 ? ` (${unreviewed.map((u) => u.reviewer).join(', ')} could not review)` : '';
  if (rule.startsWith('security:')) return `the command guard's rule ${rule.slice('security:'.length)}`;
  switch (rule) {
    case 'majority_concern':
      return `${count('concern')} ${of} raised concerns${missing}`;
    case 'single_concern':
      return `${count('concern')} ${of} raised a concern${missing}`;
    case 'any_blocker':
      return `${count('blocker')} ${of} found a blocker${missing}`;
    case 'all_approve':
      return `${verdicts.length} ${of} approved${missing}`;
    case 'no_reviewers':
      return unreviewed.length > 0
        ? `nobody could review (${unreviewed.map((u) => u.reviewer).join(', ')} could not)`
        : 'no other agent was there to review';
    default:
      return rule;
  }
}

function questionOf(action: OpenDecision['action'], workerId: string, reason: string): string {
  return action === 'STOP_AND_ESCALATE'
    ? `${workerId}'s work was stopped: ${reason}. Continue anyway, give ${workerId} instructions, or stop the session?`
    : `${reason}. What should ${workerId} do?`;
}
