import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Event, SessionState, type EventDraft } from '../../../src-shared/models';
import { newWorkerState } from '../../../src-shared/state/reduce-session';

const AT = '2026-11-25T10:00:00.000Z';
const at = (second: number) => `2026-11-25T10:00:${String(second).padStart(2, '0')}.000Z`;

const review = (id: string, reviewer: string, verdict: 'approve' | 'concern', second: number) => ({
  id,
  requestId: 'q1',
  reviewer,
  target: 'claude',
  verdict,
  summary: verdict === 'approve' ? 'clean' : 'no burst test',
  findings:
    verdict === 'approve'
      ? []
      : [{ severity: 'medium' as const, file: 'src/limiter.ts', line: 12, message: 'no burst test' }],
  reviewerError: false,
  diffRange: { base: 'abc', head: 'def' },
  at: at(second),
});

/** The log of a finished two-worker session with reviews, a decision and a recovery, as the engines write them. */
const DRAFTS: [string | undefined, EventDraft][] = [
  [
    undefined,
    {
      type: 'session_started',
      payload: { task: 'add a limiter', repo: '/r', agents: ['claude', 'codex'], demo: true, folder: '/f' },
    },
  ],
  [undefined, { type: 'session_status', payload: { status: 'running' } }],
  ['claude', { type: 'MILESTONE', payload: { summary: 'limiter done' } }],
  [
    undefined,
    {
      type: 'review_requested',
      payload: {
        request: {
          id: 'q1',
          target: 'claude',
          reviewers: ['codex', 'gemini'],
          trigger: 'milestone',
          diffRange: null,
          requestedAt: at(3),
        },
      },
    },
  ],
  ['codex', { type: 'review_verdict', payload: { review: review('r1', 'codex', 'approve', 4) } }],
  ['gemini', { type: 'review_verdict', payload: { review: review('r2', 'gemini', 'concern', 5) } }],
  [
    undefined,
    {
      type: 'decision',
      payload: {
        action: 'LOG_WARNING',
        reason: 'gemini: concern — no burst test; codex: approve',
        rule: 'single_concern',
        target: 'claude',
        reviewIds: ['r1', 'r2'],
      },
    },
  ],
  [
    'codex',
    {
      type: 'recovery_action',
      payload: {
        action: {
          kind: 'backoff',
          errorId: 'codex-rate-limit',
          reason: '429 from the API',
          addArgs: [],
          removeArgs: [],
          env: {},
          delayMs: 30_000,
          attempt: 1,
          resume: true,
        },
      },
    },
  ],
  ['claude', { type: 'worker_status', payload: { status: 'completed' } }],
  ['codex', { type: 'worker_status', payload: { status: 'completed' } }],
  [undefined, { type: 'session_status', payload: { status: 'completed' } }],
];

export interface StoredFixture {
  sessionId: string;
  folder: string;
  state: SessionState;
  events: Event[];
}

/**
 * Writes a stored session folder (session.json, events.jsonl) by hand, with every event checked against
 * the shared schema, so the API's derived views can be tested before the engines that emit them exist.
 */
export function writeStoredSession(workspace: string, sessionId: string, startedAt = AT): StoredFixture {
  const folder = join(workspace, sessionId);
  mkdirSync(join(folder, 'workers'), { recursive: true });
  const events = DRAFTS.map(([workerId, d], index) =>
    Event.parse({
      seq: index + 1,
      ts: at(index + 1),
      sessionId,
      ...(workerId ? { workerId } : {}),
      ...d,
    }),
  );
  const workers = ['claude', 'codex', 'gemini'].map((w) => ({
    ...newWorkerState(w, w, '/r', true),
    status: 'completed' as const,
  }));
  const state = SessionState.parse({
    sessionId,
    task: 'add a limiter',
    repo: '/r',
    folder,
    status: 'completed',
    demo: true,
    baseCommit: null,
    startedAt,
    endedAt: at(30),
    workers,
  });
  writeFileSync(join(folder, 'session.json'), JSON.stringify(state));
  writeFileSync(join(folder, 'events.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  return { sessionId, folder, state, events };
}
