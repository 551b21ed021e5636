import { describe, expect, it } from 'vitest';
import { OrchestratorConfig, type Event } from '../src-shared/models';
import { SessionService } from '../src-main/coordinator/session-service';
import { readEvents } from '../src-main/store/session-folder';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

const { tempDir, temp } = tempDirs();

const AGENTS = ['claude', 'codex', 'gemini'] as const;

/** Every demo agent reviews with this verdict, quickly. */
const config = (verdict: string) =>
  OrchestratorConfig.parse({
    agents: Object.fromEntries(
      AGENTS.map((a) => [
        a,
        { command: a, env: { ORCHESTRATOR_DEMO_VERDICT: verdict, ORCHESTRATOR_DEMO_DELAY_MS: '20' } },
      ]),
    ),
  });

async function start(verdict: string, interactive = false) {
  const workspace = tempDir('orchestrator-continue-');
  const repo = scratchRepo();
  temp.push(repo);
  const cfg = config(verdict);
  const service = new SessionService({ workspace, config: cfg, interactive });
  const started = await service.start({
    task: 'add a CONTRIBUTING file',
    repo,
    demo: true,
    plan: 'template',
  });
  return { service, workspace, cfg, ...started };
}

const ofType = <K extends Event['type']>(events: readonly Event[], type: K) =>
  events.filter((e): e is Extract<Event, { type: K }> => e.type === type);

/** Workers whose last run ended completed (a question asked afterwards does not undo that). */
function ranToCompletion(events: readonly Event[]): Set<string> {
  const done = new Set<string>();
  for (const e of ofType(events, 'worker_status')) {
    if (e.payload.status === 'completed') done.add(e.workerId!);
    else if (e.payload.status !== 'needs_input') done.delete(e.workerId!);
  }
  return done;
}

/**
 * Workers that ended completed although no review decision came in their last run: finished work nobody
 * judged. (A review of a diff already judged adds no decision, so a decision during the run counts.)
 */
function unreviewedCompletions(events: readonly Event[]): string[] {
  const judged = new Map<string, boolean>();
  const status = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'worker_started') judged.set(e.workerId!, false);
    if (e.type === 'decision') judged.set(e.payload.target ?? e.workerId!, true);
    if (e.type === 'worker_status') status.set(e.workerId!, e.payload.status);
  }
  return [...judged].filter(([w, yes]) => !yes && status.get(w) === 'completed').map(([w]) => w);
}

describe('continuing a session that waits for a person', () => {
  it('an answer to one worker of a paused headless run relaunches that worker and the stopped ones, never one that completed; continue relaunches none of those', async () => {
    const { service, workspace, sessionId, folder } = await start('concern');
    expect(await service.done(sessionId)).toBe('paused');
    const before = readEvents(folder).events;
    const completed = ranToCompletion(before);
    const again = new SessionService({ workspace, config: config('approve') });
    const open = [...(again.state(sessionId)!.openDecisions ?? [])];
    expect(open.length).toBeGreaterThan(0);
    const [first, ...rest] = open;
    const stopped = again
      .state(sessionId)!
      .workers.filter((w) => w.status === 'stopped')
      .map((w) => w.workerId);

    const answer = `Keep it short, ${first!.workerId}.`;
    await again.decide({ sessionId, workerId: first!.workerId, choice: 'answer', answer });
    await again.done(sessionId);
    const afterAnswer = readEvents(folder).events.slice(before.length);
    const launched = ofType(afterAnswer, 'worker_started').map((e) => e.workerId!);
    expect(launched.filter((w) => w !== first!.workerId && !stopped.includes(w))).toEqual([]);
    expect(launched).toContain(first!.workerId);

    // "Continue without answering" on each worker that had completed before its question: it stays completed.
    for (const decision of rest) {
      const mark = readEvents(folder).events.length;
      await again.decide({ sessionId, workerId: decision.workerId, choice: 'continue' });
      await again.done(sessionId);
      const after = readEvents(folder).events.slice(mark);
      const relaunched = ofType(after, 'worker_started').map((e) => e.workerId);
      if (completed.has(decision.workerId)) expect(relaunched).not.toContain(decision.workerId);
    }
    const state = again.state(sessionId)!;
    expect(state.openDecisions ?? []).toEqual([]);
    expect(state.status).toBe('completed');
    expect(state.workers.every((w) => w.status === 'completed')).toBe(true);
  }, 180_000);

  it('"continue anyway" on an escalation of a stored run: nothing was launched after it, then the session goes on and completes', async () => {
    const { service, workspace, sessionId, folder } = await start('blocker');
    expect(await service.done(sessionId)).toBe('escalated');
    const events = readEvents(folder).events;
    const escalation = ofType(events, 'decision').find((e) => e.payload.action === 'STOP_AND_ESCALATE')!;
    expect(escalation).toBeDefined();
    expect(ofType(events, 'worker_started').filter((e) => e.seq > escalation.seq)).toEqual([]);
    const target = escalation.payload.target!;
    const completed = ranToCompletion(events);

    const again = new SessionService({ workspace, config: config('approve') });
    await again.decide({ sessionId, workerId: target, choice: 'continue' });
    expect(await again.done(sessionId)).toBe('completed');
    const after = readEvents(folder).events.slice(events.length);
    const relaunched = ofType(after, 'worker_started').map((e) => e.workerId!);
    // Every worker the escalation stopped or held back runs now; the one that had completed is not rerun.
    for (const w of AGENTS) if (!completed.has(w)) expect(relaunched).toContain(w);
    for (const w of completed) expect(relaunched).not.toContain(w);
    expect(again.state(sessionId)!.workers.map((w) => w.status)).toEqual(AGENTS.map(() => 'completed'));
    // A worker that completed while the escalation held reviews back is reviewed once it is lifted.
    expect(unreviewedCompletions(readEvents(folder).events)).toEqual([]);
  }, 180_000);

  it('"continue anyway" on an escalation while the app watches: the stopped and held-back workers run, the session completes', async () => {
    const { service, sessionId, folder, cfg } = await start('blocker', true);
    const session = service.session(sessionId)!;
    // Wait for the escalation, then for the stopped workers to be marked.
    const decision = await new Promise<{ id: string; workerId: string }>((resolve) => {
      const unsubscribe = service.subscribe(sessionId, 0, () => {
        const open = (session.state.openDecisions ?? []).find((d) => d.action === 'STOP_AND_ESCALATE');
        const settled = session.state.workers.every((w) =>
          ['completed', 'stopped', 'needs_input', 'failed'].includes(w.status),
        );
        if (open && settled) {
          setImmediate(() => unsubscribe());
          resolve(open);
        }
      });
    });
    const mark = readEvents(folder).events.length;
    expect(ofType(readEvents(folder).events, 'worker_started').length).toBeLessThan(AGENTS.length + 1);
    // The session runs on the config it started with: reviews of what follows approve, so it can complete.
    for (const a of AGENTS) cfg.agents[a]!.env.ORCHESTRATOR_DEMO_VERDICT = 'approve';
    await service.decide({
      sessionId,
      decisionId: decision.id,
      workerId: decision.workerId,
      choice: 'continue',
    });
    expect(await service.done(sessionId)).toBe('completed');
    const after = readEvents(folder).events.slice(mark);
    expect(ofType(after, 'worker_started').map((e) => e.workerId)).not.toContain(decision.workerId);
    // The session may have written its end before the choice came: the service continued it then.
    expect(service.state(sessionId)!.workers.map((w) => w.status)).toEqual(AGENTS.map(() => 'completed'));
    expect(unreviewedCompletions(readEvents(folder).events)).toEqual([]);
  }, 180_000);
});

describe('continuing, one question after another, while the app watches', () => {
  it('a finished worker continued without an answer is not asked the same again: each question once, then the session completes', async () => {
    const { service, sessionId, folder } = await start('concern', true);
    const continued = new Set<string>();
    const next = () => (service.state(sessionId)!.openDecisions ?? []).find((d) => !continued.has(d.id));
    const ended = () => ['completed', 'stopped', 'failed'].includes(service.state(sessionId)!.status);
    for (let round = 0; round < AGENTS.length + 3; round++) {
      for (let i = 0; i < 1200 && !next() && !ended(); i++) await new Promise((r) => setTimeout(r, 50));
      const decision = next();
      if (!decision) break;
      continued.add(decision.id);
      await service.decide({
        sessionId,
        decisionId: decision.id,
        workerId: decision.workerId,
        choice: 'continue',
      });
    }
    const questions = ofType(readEvents(folder).events, 'decision')
      .filter((e) => e.payload.action === 'PAUSE_AND_CLARIFY')
      .map((e) => e.payload.target);
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.length).toBe(new Set(questions).size);
    expect(await service.done(sessionId)).toBe('completed');
  }, 180_000);
});
