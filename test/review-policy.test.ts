import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Event, SessionSummary } from '../src-shared/models';
import { splitLines } from './cli-fixtures';
import { checkoutSnapshot } from './checkout-snapshot';
import { scratchRepo } from './scratch-repo';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A demo session whose reviewers answer as told (ORCHESTRATOR_DEMO_VERDICT per agent). */
async function session(verdicts: Record<string, string>, extra: string[] = []) {
  const repo = scratchRepo();
  const ws = mkdtempSync(join(tmpdir(), 'orchestrator-review-'));
  temp.push(repo, ws);
  const config = join(ws, 'cfg.json');
  const agents = Object.fromEntries(
    Object.entries(verdicts).map(([agent, verdict]) => [
      agent,
      { command: agent, env: { ORCHESTRATOR_DEMO_VERDICT: verdict } },
    ]),
  );
  writeFileSync(config, JSON.stringify({ agents }));
  const before = await checkoutSnapshot(repo);
  const result = await orchestrate([
    'run',
    'add a CONTRIBUTING file',
    '--repo',
    repo,
    '--demo',
    '--json',
    '--config',
    config,
    '--workspace',
    ws,
    ...extra,
  ]);
  const events = splitLines(String(result.stdout)).map((l) => Event.parse(JSON.parse(l)));
  const folder = join(ws, events[0]!.sessionId);
  return { repo, ws, config, before, result, events, folder, sessionId: events[0]!.sessionId };
}

const orchestrate = (args: string[]) =>
  execa(tsx, [entry, ...args], { cwd: root, reject: false, stdin: 'ignore' });

const decisions = (events: Event[]) => events.flatMap((e) => (e.type === 'decision' ? [e.payload] : []));

// Whole sessions through the CLI (and a resume): each `orchestrate` start compiles with tsx, so these take
// tens of seconds on a busy two-core machine.
describe('peer review under the policy, with the demo agents', { timeout: 120_000 }, () => {
  it('every review approves: exit 0, three branches with their diffstat, all merge cleanly, checkout untouched', async () => {
    const run = await session({ claude: 'approve', codex: 'approve', gemini: 'approve' });
    expect(run.result.exitCode, String(run.result.stderr)).toBe(0);
    const plan = run.events.find((e) => e.type === 'plan');
    expect(plan?.type === 'plan' && plan.payload.breakdown.source).toBe('agent');
    const verdicts = run.events.flatMap((e) => (e.type === 'review_verdict' ? [e.payload.review] : []));
    // Every worker was reviewed by both of the others, blind and in parallel.
    for (const target of ['claude', 'codex', 'gemini']) {
      const reviewers = new Set(verdicts.filter((v) => v.target === target).map((v) => v.reviewer));
      expect(reviewers).toEqual(new Set(['claude', 'codex', 'gemini'].filter((a) => a !== target)));
    }
    expect(verdicts.every((v) => v.verdict === 'approve' && !v.reviewerError)).toBe(true);
    expect(decisions(run.events).every((d) => d.action === 'CONTINUE' && d.rule === 'all_approve')).toBe(
      true,
    );
    const summary = SessionSummary.parse(JSON.parse(readFileSync(join(run.folder, 'summary.json'), 'utf8')));
    expect(summary.status).toBe('completed');
    expect(summary.workers).toHaveLength(3);
    for (const worker of summary.workers) {
      expect(worker.branch).toBe(`orchestrator/${run.sessionId}/${worker.workerId}`);
      expect(worker.diffstat!.files.length).toBeGreaterThan(0);
      expect(worker.diffstat!.added).toBeGreaterThan(0);
      expect(worker.merge).toEqual({ clean: true, conflicts: [] });
    }
    expect(summary.reviews.length).toBe(verdicts.length);
    expect(await checkoutSnapshot(run.repo)).toEqual(run.before);
  });

  it('a reviewer returns a blocker: STOP_AND_ESCALATE, workers stopped, exit 3', async () => {
    const run = await session({ claude: 'approve', codex: 'blocker', gemini: 'approve' }, [
      '--plan',
      'template',
    ]);
    expect(run.result.exitCode, String(run.result.stderr)).toBe(3);
    const stop = decisions(run.events).find((d) => d.action === 'STOP_AND_ESCALATE');
    expect(stop).toMatchObject({ rule: 'any_blocker' });
    expect(stop!.reason).toMatch(/codex: blocker/);
    const blocker = run.events.find(
      (e) => e.type === 'review_verdict' && e.payload.review.verdict === 'blocker',
    );
    const decision = run.events.find(
      (e) => e.type === 'decision' && e.payload.action === 'STOP_AND_ESCALATE',
    );
    expect(blocker!.seq).toBeLessThan(decision!.seq);
    expect(
      run.events.some(
        (e) => e.type === 'control' && e.payload.command === 'stop' && e.payload.by === 'policy',
      ),
    ).toBe(true);
    expect(run.events.at(-1)).toMatchObject({ type: 'session_status', payload: { status: 'escalated' } });
    expect(String(run.result.stderr)).toMatch(
      /(claude|gemini) \(escalated, decision \d+\): 1 of 2 reviewers found a blocker/,
    );
    expect(await checkoutSnapshot(run.repo)).toEqual(run.before);
  });

  it('both reviewers of a worker raise concerns: PAUSE_AND_CLARIFY, exit 4 with the question, and resume --answer goes on', async () => {
    const run = await session({ claude: 'approve', codex: 'concern', gemini: 'concern' }, [
      '--plan',
      'template',
    ]);
    expect(run.result.exitCode, String(run.result.stderr)).toBe(4);
    const pause = decisions(run.events).find((d) => d.action === 'PAUSE_AND_CLARIFY');
    expect(pause).toMatchObject({ rule: 'majority_concern', target: 'claude' });
    expect(String(run.result.stderr)).toMatch(
      /claude \(question, decision \d+\): 2 of 2 reviewers raised concerns/,
    );
    expect(String(run.result.stderr)).toContain(
      `orchestrate resume ${run.sessionId} --worker claude --answer`,
    );
    expect(decisions(run.events).some((d) => d.action === 'LOG_WARNING' && d.rule === 'single_concern')).toBe(
      true,
    );
    const summary = SessionSummary.parse(JSON.parse(readFileSync(join(run.folder, 'summary.json'), 'utf8')));
    expect(summary.status).toBe('paused');

    // The person answers; with the concerns addressed, the reviewers approve this time.
    writeFileSync(run.config, JSON.stringify({}));
    const answered = await orchestrate([
      'resume',
      run.sessionId,
      '--answer',
      'Keep it short; no burst test needed.',
      '--config',
      run.config,
      '--workspace',
      run.ws,
    ]);
    expect(answered.exitCode, String(answered.stderr)).toBe(0);
    const all = splitLines(readFileSync(join(run.folder, 'events.jsonl'), 'utf8')).map((l) =>
      Event.parse(JSON.parse(l)),
    );
    const relaunch = all
      .slice(run.events.length)
      .find((e) => e.type === 'worker_started' && e.workerId === 'claude');
    expect(relaunch?.type === 'worker_started' && relaunch.payload.args).toContain(
      'Keep it short; no burst test needed.',
    );
    expect(all.at(-1)).toMatchObject({ type: 'session_status', payload: { status: 'completed' } });
  });
});
