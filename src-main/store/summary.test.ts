import { describe, expect, it } from 'vitest';
import { fixtureLines, parseAll, type CliName } from '../../test/cli-fixtures';
import type { Event, EventDraft, EventPayloads, SessionState } from '../../src-shared/models';
import { SessionSummary } from '../../src-shared/models';
import { applyEvent, newWorkerState, replayState } from '../../src-shared/state/reduce-session';
import { ADAPTERS } from '../agents/registry';
import { buildSummary, SummaryLog } from './summary';

let seq = 0;
const stamp = (d: EventDraft, workerId?: string): Event =>
  ({
    ...d,
    seq: ++seq,
    ts: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    sessionId: 's1',
    ...(workerId ? { workerId } : {}),
  }) as Event;

const emptyState = (): SessionState => ({
  sessionId: 's1',
  task: 'add a greeting',
  repo: '/repo',
  folder: '/repo/.sessions/s1',
  status: 'running',
  demo: false,
  baseCommit: 'abc',
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: null,
  workers: (['claude', 'codex', 'gemini'] as const).map((a) => newWorkerState(a, a, '/repo', false)),
  openDecisions: [],
});

/** Each CLI's recorded session, normalized by its own parser, as the worker of that name. */
function recordedWorkerEvents(): Event[] {
  const files: Record<CliName, string> = {
    claude: 'session-write.jsonl',
    codex: 'session-shell.jsonl',
    gemini: 'session-write.jsonl',
  };
  return (Object.keys(files) as CliName[]).flatMap((cli) =>
    parseAll(ADAPTERS[cli].createParser(), fixtureLines(cli, files[cli])).map((d) => stamp(d, cli)),
  );
}

const runUsage = (payload: EventPayloads['run_usage'], workerId?: string): Event =>
  stamp({ type: 'run_usage', payload }, workerId);

describe('spend in the session state and summary.json', () => {
  const events = [
    ...recordedWorkerEvents(),
    // The planner (claude, priced) with a retry, and reviews of claude's work by codex and gemini (unpriced).
    runUsage({
      role: 'planner',
      agent: 'claude',
      tokens: { input: 1000, output: 200, cached: 100 },
      costUsd: 0.1,
    }),
    runUsage({
      role: 'planner',
      agent: 'claude',
      retry: true,
      tokens: { input: 500, output: 100, cached: 0 },
      costUsd: 0.2,
    }),
    runUsage(
      { role: 'reviewer', agent: 'codex', tokens: { input: 3000, output: 400, cached: 1000 }, costUsd: null },
      'claude',
    ),
    runUsage(
      {
        role: 'reviewer',
        agent: 'gemini',
        tokens: { input: 2000, output: 50, cached: 0 },
        costUsd: null,
        model: 'gemini-3.8-flash',
      },
      'claude',
    ),
    runUsage(
      { role: 'reviewer', agent: 'claude', tokens: { input: 700, output: 70, cached: 0 }, costUsd: 0.07 },
      'codex',
    ),
  ];
  const state = emptyState();
  for (const event of events) applyEvent(state, event);
  const summary = SessionSummary.parse(buildSummary(state, new SummaryLog()));

  it('counts the planner and the reviews beside the workers, and the total is all of them', () => {
    const { spend } = summary;
    expect(spend).toBeDefined();
    expect(spend!.planner).toEqual({ tokens: { input: 1500, output: 300, cached: 100 }, costUsd: 0.3 });
    expect(spend!.reviews.tokens).toEqual({ input: 5700, output: 520, cached: 1000 });
    expect(spend!.reviews.costUsd).toBe(0.07);
    // The reviewers that reported no price are named, not counted as free.
    expect(spend!.reviews.unpriced?.sort()).toEqual(['codex', 'gemini']);
    const workerTokens = summary.workers.reduce((n, w) => n + w.tokens.input + w.tokens.output, 0);
    expect(spend!.workers.tokens.input + spend!.workers.tokens.output).toBe(workerTokens);
    const parts = [spend!.workers, spend!.planner, spend!.reviews];
    for (const key of ['input', 'output', 'cached'] as const)
      expect(spend!.total.tokens[key]).toBe(parts.reduce((n, p) => n + p.tokens[key], 0));
    expect(spend!.total.costUsd).toBe(Math.round(((spend!.workers.costUsd ?? 0) + 0.3 + 0.07) * 1e6) / 1e6);
  });

  it('keeps each worker’s reviews apart: what reviewing its changes cost', () => {
    const byId = Object.fromEntries(summary.workers.map((w) => [w.workerId, w]));
    expect(byId.claude!.reviewSpend?.tokens).toEqual({ input: 5000, output: 450, cached: 1000 });
    expect(byId.claude!.reviewSpend?.costUsd).toBeNull();
    expect(byId.codex!.reviewSpend).toEqual({ tokens: { input: 700, output: 70, cached: 0 }, costUsd: 0.07 });
    expect(byId.gemini!.reviewSpend).toEqual({ tokens: { input: 0, output: 0, cached: 0 }, costUsd: null });
  });

  it('has no float noise in money: claude’s 0.023815999999999997 is kept to a millionth', () => {
    const claude = summary.workers.find((w) => w.workerId === 'claude')!;
    expect(claude.costUsd).toBe(0.023816);
    expect(JSON.stringify(summary)).not.toMatch(/\d\.\d{7,}/);
  });

  it('records the model each CLI used: gemini’s from its stats, never "auto"; none for codex', () => {
    const model = Object.fromEntries(summary.workers.map((w) => [w.workerId, w.model]));
    expect(model.gemini).toBe('gemini-3.8-flash');
    expect(model.claude).toBe('claude-opus-5-5');
    expect(model.codex).toBeUndefined();
  });

  it('the codex that wrote through its shell still names its files, from the diff against the base', () => {
    // Its recorded run wrote hello.txt with `echo … > hello.txt`: no file_change event came of it.
    expect(state.workers.find((w) => w.workerId === 'codex')!.filesChanged).toEqual([]);
    const diff = { files: [{ path: 'hello.txt', added: 1, deleted: 0 }], added: 1, deleted: 0 };
    const withDiff = buildSummary(state, new SummaryLog(), {
      codex: { diffstat: diff, merge: { clean: true, conflicts: [] } },
    });
    expect(withDiff.workers.find((w) => w.workerId === 'codex')!.filesChanged).toEqual(['hello.txt']);
  });

  it('counts nothing twice when a stored session is replayed from its log', () => {
    const replayed = replayState(structuredClone(state), events);
    expect(replayed.plannerSpend).toEqual(state.plannerSpend);
    expect(replayed.workers.map((w) => w.reviewSpend)).toEqual(state.workers.map((w) => w.reviewSpend));
  });
});
