import { describe, expect, it } from 'vitest';
import {
  RecoveryAction,
  type Event,
  type EventPayloads,
  type EventType,
  type SessionState,
} from '../../../src-shared/models';
import { MAX_LOG_ENTRIES } from './projections/log-entries';
import { MAX_OVERSIGHT_ITEMS } from './projections/oversight';
import { MAX_SPEND_POINTS } from './projections/spend-series';
import { MAX_OTHER_MARKS, MAX_TOOL_MARKS, TRIM_SLACK } from './projections/timeline';
import {
  emptyView,
  foldEvents,
  initialStateOf,
  MAX_LINES,
  SESSION_LINES,
  type SessionView,
} from './session-view';

let seq = 0;
const ev = <K extends EventType>(type: K, payload: EventPayloads[K], workerId?: string): Event =>
  ({
    seq: ++seq,
    ts: '2026-01-01T10:00:00.000Z',
    sessionId: 's1',
    type,
    payload,
    ...(workerId ? { workerId } : {}),
  }) as Event;

/** What main's session.json looks like mid-run: already folded, with a branch set outside the log. */
const snapshot = (): SessionState => ({
  sessionId: 's1',
  task: 'Add a guide',
  repo: '/src/app',
  folder: '/w/s1',
  status: 'running',
  demo: true,
  baseCommit: 'abc',
  startedAt: '2026-01-01T10:00:00.000Z',
  endedAt: null,
  workers: ['claude', 'codex'].map((agent) => ({
    workerId: agent,
    agent,
    demo: true,
    status: 'running' as const,
    pid: 12,
    exitCode: null,
    sessionRef: null,
    tokens: { input: 500, output: 20, cached: 0 },
    costUsd: 0.5,
    filesChanged: ['GUIDE.md'],
    recoveries: 1,
    branch: `orchestrator/${agent}`,
    cwd: `/w/s1/worktrees/${agent}`,
    startedAt: '2026-01-01T10:00:00.000Z',
    endedAt: null,
    lastActivity: 'write GUIDE.md',
  })),
});

const opened = (): SessionView => ({ ...emptyView('s1'), state: initialStateOf(snapshot()) });

describe('initialStateOf', () => {
  it('keeps who the workers are and forgets everything the log will say again', () => {
    const asked = {
      id: '7',
      seq: 7,
      workerId: 'claude',
      action: 'PAUSE_AND_CLARIFY' as const,
      rule: 'majority_concern',
      ruleText: '2 of 2 reviewers raised concerns',
      question: 'What should claude do?',
      reason: 'concerns',
      findings: [],
      verdicts: [],
      unreviewed: [],
      allows: ['answer' as const],
      openedAt: new Date(0).toISOString(),
    };
    const base = initialStateOf({ ...snapshot(), openDecisions: [asked] });
    expect(base.status).toBe('pending');
    // Open questions come from the log too: one main has closed since the snapshot is never shown.
    expect(base.openDecisions).toEqual([]);
    expect(base.workers[0]).toMatchObject({
      workerId: 'claude',
      branch: 'orchestrator/claude',
      status: 'pending',
      filesChanged: [],
      recoveries: 0,
      costUsd: null,
    });
  });
});

describe('foldEvents', () => {
  it('rebuilds the state from the log with the shared reducer', () => {
    seq = 0;
    const view = foldEvents(opened(), [
      ev('session_status', { status: 'running' }),
      ev('worker_status', { status: 'running' }, 'claude'),
      ev('file_change', { path: 'GUIDE.md', kind: 'add' }, 'claude'),
      ev('MILESTONE', { summary: 'guide written' }, 'claude'),
      ev('worker_status', { status: 'completed' }, 'claude'),
    ]);
    expect(view.lastSeq).toBe(5);
    expect(view.state?.status).toBe('running');
    expect(view.state?.workers[0]).toMatchObject({ status: 'completed', filesChanged: ['GUIDE.md'] });
    expect(view.lines.claude?.map((l) => l.text)).toEqual([
      'running',
      'add GUIDE.md',
      '▲ Milestone: guide written',
      'completed',
    ]);
    expect(view.lines.claude?.find((l) => l.text.includes('Milestone'))?.tone).toBe('milestone');
    expect(view.lines[SESSION_LINES]?.map((l) => l.text)).toEqual(['session running']);
  });

  it('shows a milestone once, and after the run says how it ended rather than its last tool call', () => {
    seq = 0;
    const said = 'Guide written.\n**MILESTONE:** guide written';
    const view = foldEvents(opened(), [
      ev('tool_use', { toolId: 't1', name: 'Write', summary: 'write GUIDE.md', input: {} }, 'claude'),
      ev('message', { role: 'assistant', text: said }, 'claude'),
      ev('MILESTONE', { summary: 'guide written' }, 'claude'),
      ev('message', { role: 'assistant', text: 'MILESTONE: tests pass' }, 'claude'),
      ev('MILESTONE', { summary: 'tests pass' }, 'claude'),
    ]);
    expect(view.lines.claude?.map((l) => l.text)).toEqual([
      '✎ write GUIDE.md',
      '"Guide written."',
      '▲ Milestone: guide written',
      '▲ Milestone: tests pass',
    ]);
    const done = foldEvents(view, [
      ev('result', { ok: true, text: 'MILESTONE: tests pass\nCreated GUIDE.md and its test.' }, 'claude'),
    ]);
    expect(done.state?.workers[0]?.lastActivity).toBe('finished: Created GUIDE.md and its test.');
    const failed = foldEvents(view, [ev('result', { ok: false, text: 'API Error: 500' }, 'claude')]);
    expect(failed.state?.workers[0]?.lastActivity).toBe('finished with an error: API Error: 500');
  });

  it('gives new objects only to the workers a batch touched', () => {
    seq = 0;
    const before = opened();
    const after = foldEvents(before, [ev('file_change', { path: 'a.ts', kind: 'update' }, 'codex')]);
    expect(after.state?.workers[0]).toBe(before.state?.workers[0]);
    expect(after.state?.workers[1]).not.toBe(before.state?.workers[1]);
    expect(before.state?.workers[1]?.filesChanged).toEqual([]);
  });

  it('skips events it has already folded, as after a resubscription', () => {
    seq = 0;
    const relaunch = RecoveryAction.parse({ kind: 'relaunch', errorId: 'x', reason: 'retry', attempt: 1 });
    const first = [
      ev('file_change', { path: 'a.ts', kind: 'add' }, 'codex'),
      ev('recovery_action', { action: relaunch }, 'codex'),
    ];
    const once = foldEvents(opened(), first);
    const twice = foldEvents(once, [...first, ev('file_change', { path: 'b.ts', kind: 'add' }, 'codex')]);
    expect(twice.state?.workers[1]?.recoveries).toBe(1);
    expect(twice.state?.workers[1]?.filesChanged).toEqual(['a.ts', 'b.ts']);
    expect(foldEvents(twice, first)).toBe(twice);
  });

  it('keeps only the newest lines of a busy worker', () => {
    seq = 0;
    const batch = Array.from({ length: MAX_LINES + 50 }, (_, i) =>
      ev('tool_use', { toolId: `t${i}`, name: 'Read', summary: `read file ${i}`, input: {} }, 'claude'),
    );
    const lines = foldEvents(opened(), batch).lines.claude ?? [];
    expect(lines).toHaveLength(MAX_LINES);
    // A read shows as a read, not as an edit.
    expect(lines.at(-1)?.text).toBe(`📄 read file ${MAX_LINES + 49}`);
  });

  it('shows raw lines readably, never as the JSON object', () => {
    seq = 0;
    const view = foldEvents(opened(), [ev('raw', { line: '{"type":"weird"}', reason: 'unknown' }, 'claude')]);
    expect(view.lines.claude?.[0]?.text).toBe('unparsed line: {"type":"weird"}');
  });

  it('keeps memory bounded over a long session, and its state and counts exact', () => {
    seq = 0;
    let view = opened();
    const total = 3 * MAX_LOG_ENTRIES;
    const files = new Set<string>();
    for (let batch = 0; batch < total / 500; batch++) {
      const events = Array.from({ length: 500 }, (_, i) => {
        const n = batch * 500 + i;
        return n % 50 === 0
          ? ev('MILESTONE', { summary: `step ${n}` }, 'claude')
          : n % 7 === 0
            ? (files.add(`src/f${n % 300}.ts`),
              ev('file_change', { path: `src/f${n % 300}.ts`, kind: 'update' }, 'claude'))
            : ev('tool_use', { toolId: `t${n}`, name: 'Read', summary: `read ${n}`, input: {} }, 'claude');
      });
      view = foldEvents(view, events);
    }
    // The log keeps its newest entries and counts every event, by type.
    expect(view.log.claude).toHaveLength(MAX_LOG_ENTRIES);
    expect(view.log.claude?.at(-1)?.seq).toBe(total);
    expect(view.log.claude?.[0]?.seq).toBe(total - MAX_LOG_ENTRIES + 1);
    expect(view.logCounts.claude?.total).toBe(total);
    expect(view.logCounts.claude?.types.MILESTONE).toBe(total / 50);
    expect(view.lines.claude).toHaveLength(MAX_LINES);
    // Milestones and tool ticks on the timeline stay within their bounds.
    const tools = view.timeline.marks.filter((m) => m.kind === 'tool').length;
    expect(tools).toBe(view.timeline.tools);
    expect(tools).toBeLessThanOrEqual(MAX_TOOL_MARKS * (1 + TRIM_SLACK));
    expect(view.timeline.marks.length - tools).toBeLessThanOrEqual(MAX_OTHER_MARKS * (1 + TRIM_SLACK));
    // The state folds every event, not only those the window keeps.
    expect(view.state?.workers[0]?.filesChanged).toEqual([...files]);
    expect(view.lastSeq).toBe(total);
  });

  it('keeps the newest reviews and decisions, with the verdicts they show', () => {
    seq = 0;
    const review = (i: number) => ({
      id: `r${i}`,
      requestId: `q${i}`,
      reviewer: 'codex',
      target: 'claude',
      verdict: 'approve' as const,
      summary: 'fine',
      findings: [],
      reviewerError: false,
      diffRange: null,
      at: '2026-01-01T10:00:00.000Z',
    });
    const events = Array.from({ length: MAX_OVERSIGHT_ITEMS + 100 }, (_, i) =>
      i % 2 === 0
        ? ev('review_verdict', { review: review(i) })
        : ev('decision', { action: 'CONTINUE', reason: 'ok', rule: 'all_approve', reviewIds: [`r${i - 1}`] }),
    );
    const view = foldEvents(opened(), events);
    expect(view.oversight.items).toHaveLength(MAX_OVERSIGHT_ITEMS);
    expect(view.oversight.items.at(-1)?.seq).toBe(events.at(-1)!.seq);
    expect(Object.keys(view.oversight.reviewsById)).toHaveLength(MAX_OVERSIGHT_ITEMS / 2);
    expect(view.oversight.reviewsById[`r${MAX_OVERSIGHT_ITEMS + 98}`]).toBeDefined();
  });
});

describe('the spend series', () => {
  const usage = (workerId: string, input: number, costUsd: number | null, at: number): Event => ({
    ...ev('usage', { inputTokens: input, outputTokens: 10, cachedInputTokens: 0, costUsd }, workerId),
    ts: new Date(Date.UTC(2026, 0, 1, 10, 0, at)).toISOString(),
  });

  it('has a point per usage report, even when a stored log arrives in one batch, and counts nothing twice', () => {
    seq = 0;
    const planner = ev('run_usage', {
      role: 'planner',
      agent: 'claude',
      tokens: { input: 100, output: 20, cached: 0 },
      costUsd: 0.25,
    });
    const review = ev(
      'run_usage',
      { role: 'reviewer', agent: 'codex', tokens: { input: 300, output: 30, cached: 0 }, costUsd: null },
      'claude',
    );
    // A snapshot that already counted the planner: the page counts it again from the log, once.
    const stored = {
      ...snapshot(),
      plannerSpend: { tokens: { input: 100, output: 20, cached: 0 }, costUsd: 0.25 },
    };
    const start = { ...emptyView('s1'), state: initialStateOf(stored) };
    const view = foldEvents(start, [
      planner,
      usage('claude', 1000, 0.5, 5),
      usage('codex', 400, null, 8),
      review,
    ]);
    expect(view.spendSeries.map((p) => [p.costUsd, p.tokens])).toEqual([
      [0.25, 120],
      [0.75, 1130],
      [0.75, 1540],
      [0.75, 1870],
    ]);
    expect(view.spendSeries[1]!.at).toBe(Date.UTC(2026, 0, 1, 10, 0, 5));
    expect(view.state?.plannerSpend?.costUsd).toBe(0.25);
  });

  it('stays bounded over a long session, keeping its newest points', () => {
    seq = 0;
    const events = Array.from({ length: MAX_SPEND_POINTS * 3 }, (_, i) =>
      usage('claude', i + 1, null, i % 60),
    );
    let view = opened();
    for (let i = 0; i < events.length; i += 500) view = foldEvents(view, events.slice(i, i + 500));
    expect(view.spendSeries.length).toBeLessThanOrEqual(MAX_SPEND_POINTS);
    expect(view.spendSeries.at(-1)!.tokens).toBe(events.length + 10);
    const tokens = view.spendSeries.map((p) => p.tokens);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
  });
});
