import { describe, expect, it } from 'vitest';
import { OrchestratorConfig, type Event } from '../src-shared/models';
import { SessionService } from '../src-main/coordinator/session-service';
import { readEvents } from '../src-main/store/session-folder';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

const { tempDir, temp } = tempDirs();

const AGENTS = ['claude', 'codex', 'gemini'] as const;

/** Every demo agent reviews with this verdict, quickly; `scenario` plays in work runs too. */
function config(verdict: string, extra: Record<string, string> = {}) {
  return OrchestratorConfig.parse({
    agents: Object.fromEntries(
      AGENTS.map((a) => [
        a,
        {
          command: a,
          env: { ORCHESTRATOR_DEMO_VERDICT: verdict, ORCHESTRATOR_DEMO_DELAY_MS: '20', ...extra },
        },
      ]),
    ),
  });
}

/** A demo session of the three agents, headless (nobody to answer now) unless `interactive`. */
async function run(verdict: string, options: { interactive?: boolean; workspace?: string } = {}) {
  const workspace = options.workspace ?? tempDir('orchestrator-oversight-');
  const service = new SessionService({
    workspace,
    config: config(verdict),
    interactive: options.interactive,
  });
  const repo = scratchRepo();
  temp.push(repo);
  const started = await service.start({
    task: 'add a CONTRIBUTING file',
    repo,
    demo: true,
    plan: 'template',
  });
  return { service, workspace, repo, ...started };
}

const ofType = <K extends Event['type']>(events: readonly Event[], type: K) =>
  events.filter((e): e is Extract<Event, { type: K }> => e.type === type);

describe('oversight with real demo sessions', () => {
  it('a majority concern ends a headless run paused with one question per worker at most, each answerable only as its worker', async () => {
    const { service, sessionId, folder, workspace } = await run('concern');
    expect(await service.done(sessionId)).toBe('paused');
    const events = readEvents(folder).events;
    const pauses = ofType(events, 'decision').filter((e) => e.payload.action === 'PAUSE_AND_CLARIFY');
    const perWorker = new Map<string, number>();
    for (const p of pauses) perWorker.set(p.payload.target!, (perWorker.get(p.payload.target!) ?? 0) + 1);
    expect(pauses.length).toBeGreaterThan(0);
    expect([...perWorker.values()].every((n) => n === 1)).toBe(true);
    // The session's status is said when it changes and once at the end, not once per question.
    const statuses = ofType(events, 'session_status').map((e) => e.payload.status);
    expect(statuses.filter((s) => s === 'paused')).toHaveLength(2);
    expect(statuses.at(-1)).toBe('paused');
    // No review of a worker starts once it waits for a person.
    for (const p of pauses) {
      const later = ofType(events, 'review_requested').filter(
        (e) => e.seq > p.seq && e.payload.request.target === p.payload.target,
      );
      expect(later).toEqual([]);
    }

    // A fresh service (a later `show`, a restart) reads the same: paused, the questions open, nobody interrupted.
    const again = new SessionService({ workspace, config: config('approve') });
    expect(again.interrupted).toEqual([]);
    const state = again.state(sessionId)!;
    expect(state.status).toBe('paused');
    const open = state.openDecisions ?? [];
    expect(open.map((d) => d.workerId).sort()).toEqual([...perWorker.keys()].sort());
    for (const d of open) {
      expect(d.action).toBe('PAUSE_AND_CLARIFY');
      expect(d.ruleText).toBe('2 of 2 reviewers raised concerns');
      expect(d.verdicts.map((v) => v.verdict)).toEqual(['concern', 'concern']);
      expect(d.findings.length).toBeGreaterThan(0);
      expect(d.allows).toEqual(['answer', 'continue', 'stop_worker', 'stop_session', 'inspect_diff']);
      expect(state.workers.find((w) => w.workerId === d.workerId)!.status).toBe('needs_input');
    }

    // Nothing is guessed: no worker named, a decision of another worker, an empty answer — each refused.
    const first = open[0]!;
    const other = AGENTS.find((a) => a !== first.workerId)!;
    await expect(again.decide({ sessionId, choice: 'answer', answer: 'x' })).rejects.toMatchObject({
      code: 'worker_required',
    });
    await expect(
      again.decide({ sessionId, decisionId: first.id, workerId: other, choice: 'answer', answer: 'x' }),
    ).rejects.toMatchObject({ code: 'wrong_worker' });
    await expect(
      again.decide({ sessionId, workerId: first.workerId, choice: 'answer', answer: '  ' }),
    ).rejects.toMatchObject({ code: 'bad_input' });
    expect(readEvents(folder).events).toHaveLength(events.length);

    // The answer reaches the named worker: it alone is relaunched with it, on its own conversation.
    const answer = `Keep it short, ${first.workerId}.`;
    const resumed = await again.decide({
      sessionId,
      decisionId: first.id,
      workerId: first.workerId,
      choice: 'answer',
      answer,
    });
    expect(resumed?.sessionId).toBe(sessionId);
    const status = await again.done(sessionId);
    const after = readEvents(folder).events.slice(events.length);
    const launches = ofType(after, 'worker_started');
    const answered = launches.filter((e) => e.payload.args.includes(answer));
    expect(answered.map((e) => e.workerId)).toEqual([first.workerId]);
    // Workers whose own question is still open wait; only those the pause had merely stopped go on.
    const stillAsking = open.slice(1).map((d) => d.workerId);
    expect(launches.filter((e) => stillAsking.includes(e.workerId!))).toEqual([]);
    const control = ofType(after, 'control')[0]!;
    expect(control.payload).toMatchObject({ target: first.workerId, decision: first.id, choice: 'answer' });
    // The other workers' questions are still open, so the session waits again.
    expect(status).toBe(open.length > 1 ? 'paused' : 'completed');
    expect(
      (again.state(sessionId)!.openDecisions ?? []).map((d) => d.workerId).includes(first.workerId),
    ).toBe(false);
  }, 120_000);
  it('a blocker escalates once: no worker is launched and no review is requested after the escalation', async () => {
    const { service, sessionId, folder } = await run('blocker');
    expect(await service.done(sessionId)).toBe('escalated');
    const events = readEvents(folder).events;
    const escalation = ofType(events, 'decision').find((e) => e.payload.action === 'STOP_AND_ESCALATE');
    expect(escalation).toBeDefined();
    const after = events.filter((e) => e.seq > escalation!.seq);
    expect(after.filter((e) => e.type === 'worker_started').map((e) => e.workerId)).toEqual([]);
    expect(after.filter((e) => e.type === 'review_requested').map((e) => e.workerId)).toEqual([]);
  });
});
