import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentConfig, BuiltinAgent, Event, EventDraft } from '../../src-shared/models';
import { ofType } from '../../src-shared/models';
import { waitFor } from '../../test/proc';
import { gitOut, scratchRepo } from '../../test/scratch-repo';
import { ADAPTERS } from '../agents/registry';
import { ReviewEngine, type ReviewLimits, type TargetDecision } from './review-engine';
import type { Reviewer } from './run-reviewer';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project with one commit, and a worktree holding an uncommitted change, as agents leave it. */
function changedWorktree(): { cwd: string; base: string } {
  const repo = scratchRepo();
  const cwd = join(dirname(repo), `${basename(repo)}-worktree`);
  cleanup.push(repo, cwd);
  const base = gitOut(repo, 'rev-parse', 'HEAD');
  execFileSync('git', ['worktree', 'add', '-q', '-b', 'orchestrator/test/target', cwd, base], { cwd: repo });
  writeFileSync(join(cwd, 'CHANGELOG.md'), '# Changelog\n\n- Added a rate limiter.\n');
  writeFileSync(join(cwd, 'README.md'), '# scratch project\n\nNow with a rate limiter.\n');
  return { cwd, base };
}

/** Per demo reviewer: its verdict (ORCHESTRATOR_DEMO_VERDICT) and optionally its scenario. */
type Plays = Partial<Record<BuiltinAgent, { verdict: string; scenario?: string }>>;

interface Setup {
  engine: ReviewEngine;
  events: Array<EventDraft & { workerId?: string }>;
  decisions: TargetDecision[];
  folder: string;
  base: string;
  marker: string;
}

/** An engine whose reviewers are the real demo agents, spawned as processes, reviewing one worktree. */
function setup(plays: Plays, limits: ReviewLimits = { timeoutSec: 20 }): Setup {
  const { cwd, base } = changedWorktree();
  const folder = mkdtempSync(join(tmpdir(), 'orchestrator-review-'));
  cleanup.push(folder);
  const marker = `review-test-${randomUUID()}`;
  const events: Setup['events'] = [];
  const decisions: TargetDecision[] = [];
  let seq = 0;
  const reviewer = (agent: BuiltinAgent): Reviewer => {
    const play = plays[agent]!;
    const env: Record<string, string> = {
      ORCHESTRATOR_DEMO_DELAY_MS: '0',
      ORCHESTRATOR_DEMO_VERDICT: play.verdict,
      ...(play.scenario ? { ORCHESTRATOR_DEMO_SCENARIO: play.scenario } : {}),
    };
    const config: AgentConfig = { command: agent, args: [], env, model: null, enabled: true };
    return { agent, adapter: ADAPTERS[agent], config };
  };
  const engine = new ReviewEngine({
    sessionFolder: folder,
    reviewersFor: (target) =>
      (Object.keys(plays) as BuiltinAgent[]).filter((a) => a !== target).map(reviewer),
    targetInfo: (target) =>
      ['claude', 'codex', 'gemini'].includes(target)
        ? {
            cwd,
            baseCommit: base,
            task: 'Add a rate limiter',
            assignment: {
              agent: target,
              title: 'Implement the limiter',
              instructions: 'Write it and note it in the changelog.',
              scope: ['.'],
            },
          }
        : null,
    demo: true,
    pathEnv: process.env.PATH ?? '',
    markerEnv: { ORCHESTRATOR_SESSION_ID: marker },
    limits,
    emit: (d, workerId) => {
      events.push({ ...d, ...(workerId ? { workerId } : {}) });
      return { ...d, seq: ++seq, ts: new Date().toISOString(), sessionId: 's', workerId } as Event;
    },
    onDecision: (decision) => decisions.push(decision),
  });
  return { engine, events, decisions, folder, base, marker };
}

const verdictsOf = (events: Setup['events']) => ofType(events, 'review_verdict').map((e) => e.payload.review);

/** Live processes whose environment carries the marker: what a stopped review must not leave behind. */
function markedProcesses(marker: string): number[] {
  const needle = `ORCHESTRATOR_SESSION_ID=${marker}`;
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

// Real processes: generous timeouts so a loaded machine (parallel test files, CI) does not fail them.
describe('ReviewEngine with the demo agents as reviewers', { timeout: 90_000 }, () => {
  it('continues when every other agent approves, with request, verdicts and decision as events', async () => {
    const { engine, events, decisions, folder, base } = setup({
      claude: { verdict: 'approve' },
      codex: { verdict: 'approve' },
      gemini: { verdict: 'approve' },
    });
    await engine.request('claude', 'milestone');
    await engine.idle();

    const requests = ofType(events, 'review_requested');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.workerId).toBe('claude');
    const request = requests[0]!.payload.request;
    expect(request).toMatchObject({ target: 'claude', reviewers: ['codex', 'gemini'], trigger: 'milestone' });
    // The change is uncommitted, so the worktree's HEAD alone would not hold it.
    expect(request.diffRange).toEqual({ base, head: 'worktree' });

    const reviews = verdictsOf(events);
    expect(reviews.map((r) => [r.reviewer, r.verdict, r.reviewerError]).sort()).toEqual([
      ['codex', 'approve', false],
      ['gemini', 'approve', false],
    ]);
    for (const review of reviews) {
      expect(review).toMatchObject({ requestId: request.id, target: 'claude', diffRange: request.diffRange });
    }

    const decisionEvents = ofType(events, 'decision');
    expect(decisionEvents).toHaveLength(1);
    expect(decisionEvents[0]?.payload).toMatchObject({
      action: 'CONTINUE',
      rule: 'all_approve',
      target: 'claude',
    });
    expect([...decisionEvents[0]!.payload.reviewIds].sort()).toEqual(reviews.map((r) => r.id).sort());
    expect(decisions).toEqual([
      expect.objectContaining({ action: 'CONTINUE', rule: 'all_approve', target: 'claude' }),
    ]);
    // Each reviewer's run is counted on the reviewed worker, with the tokens its demo CLI reported, before its
    // verdict.
    expect(events.map((e) => e.type)).toEqual([
      'review_requested',
      'run_usage',
      'review_verdict',
      'run_usage',
      'review_verdict',
      'decision',
    ]);
    const usages = ofType(events, 'run_usage');
    expect(usages.map((u) => [u.workerId, u.payload.agent, u.payload.role]).sort()).toEqual([
      ['claude', 'codex', 'reviewer'],
      ['claude', 'gemini', 'reviewer'],
    ]);
    for (const usage of usages) {
      expect(usage.payload.requestId).toBe(request.id);
      expect(usage.payload.tokens.input).toBeGreaterThan(0);
      expect(usage.payload.tokens.output).toBeGreaterThan(0);
      // Neither codex nor gemini reports a price: none is made up.
      expect(usage.payload.costUsd).toBeNull();
    }
    // gemini names its model in its stats; codex names none.
    expect(usages.find((u) => u.payload.agent === 'gemini')?.payload.model).toMatch(/^demo-/);
    expect(usages.find((u) => u.payload.agent === 'codex')?.payload.model).toBeUndefined();

    // Raw output of every reviewer is on disk; its own events never reach the session's log.
    for (const agent of ['codex', 'gemini']) {
      const dir = join(folder, 'reviews', request.id, agent);
      expect(readFileSync(join(dir, 'raw.jsonl'), 'utf8').split('\n').filter(Boolean).length).toBeGreaterThan(
        1,
      );
      expect(existsSync(join(dir, 'stderr.log'))).toBe(true);
      expect(existsSync(`${dir}-retry`)).toBe(false);
    }
  });

  it('stops and escalates on one blocker; the reviewers read the target worktree', async () => {
    const { engine, events, decisions } = setup({
      claude: { verdict: 'approve' },
      codex: { verdict: 'approve' },
      gemini: { verdict: 'blocker' },
    });
    await engine.request('claude', 'completion');
    const gemini = verdictsOf(events).find((r) => r.reviewer === 'gemini');
    expect(gemini?.verdict).toBe('blocker');
    // The demo gemini points its finding at CHANGELOG.md only when the directory it runs in has one.
    expect(gemini?.findings[0]).toMatchObject({ severity: 'critical', file: 'CHANGELOG.md' });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      action: 'STOP_AND_ESCALATE',
      rule: 'any_blocker',
      target: 'claude',
    });
    expect(decisions[0]?.reason).toMatch(/^gemini: blocker — .+; codex: approve$/);
  });

  it('pauses and asks when both reviewers have a concern', async () => {
    const { engine, events, decisions } = setup({
      claude: { verdict: 'concern' },
      codex: { verdict: 'approve' },
      gemini: { verdict: 'concern' },
    });
    await engine.request('codex', 'request_review');
    expect(
      verdictsOf(events)
        .map((r) => [r.reviewer, r.verdict])
        .sort(),
    ).toEqual([
      ['claude', 'concern'],
      ['gemini', 'concern'],
    ]);
    expect(decisions[0]).toMatchObject({
      action: 'PAUSE_AND_CLARIFY',
      rule: 'majority_concern',
      target: 'codex',
    });
  });

  it('retries an invalid answer once, then counts it as a concern marked reviewer error', async () => {
    const { engine, events, decisions, folder } = setup({
      claude: { verdict: 'approve' },
      codex: { verdict: 'invalid' },
      gemini: { verdict: 'approve' },
    });
    await engine.request('claude', 'milestone');
    const codex = verdictsOf(events).find((r) => r.reviewer === 'codex');
    expect(codex).toMatchObject({ verdict: 'concern', reviewerError: true, findings: [] });
    expect(codex?.summary).toMatch(
      /^codex gave no valid verdict: .*"verdict".*; after one retry, .*"verdict"/,
    );
    expect(verdictsOf(events).find((r) => r.reviewer === 'gemini')?.reviewerError).toBe(false);
    expect(decisions[0]).toMatchObject({ action: 'LOG_WARNING', rule: 'single_concern' });
    const requestId = ofType(events, 'review_requested')[0]!.payload.request.id;
    const first = readFileSync(join(folder, 'reviews', requestId, 'codex', 'raw.jsonl'), 'utf8');
    const retry = readFileSync(join(folder, 'reviews', requestId, 'codex-retry', 'raw.jsonl'), 'utf8');
    expect(first.length).toBeGreaterThan(0);
    expect(retry.length).toBeGreaterThan(0);
    expect(existsSync(join(folder, 'reviews', requestId, 'gemini-retry'))).toBe(false);
  });

  it('coalesces triggers that arrive during a review into one follow-up, which reuses the verdicts on an unchanged diff', async () => {
    const { engine, events, decisions } = setup({
      claude: { verdict: 'approve' },
      codex: { verdict: 'approve' },
      gemini: { verdict: 'concern' },
    });
    const first = engine.request('claude', 'milestone');
    await waitFor(() => ofType(events, 'review_requested').length === 1, 30_000);
    expect(ofType(events, 'decision')).toEqual([]);
    const second = engine.request('claude', 'milestone');
    const third = engine.request('claude', 'request_review');
    await Promise.all([first, second, third]);
    await engine.idle();
    const requests = ofType(events, 'review_requested').map((e) => e.payload.request);
    expect(requests.map((r) => r.trigger)).toEqual(['milestone', 'request_review']);
    // The follow-up starts only after the first review's decision.
    const types = events.map((e) => e.type);
    expect(types.indexOf('decision')).toBeLessThan(types.lastIndexOf('review_requested'));
    // Nothing changed meanwhile: nobody is asked again, the first verdicts and decision stand, and it says so.
    expect(requests[0]!.diffHash).toBeDefined();
    expect(requests[1]).toMatchObject({
      diffHash: requests[0]!.diffHash,
      reusedFrom: requests[0]!.id,
      reviewers: [],
    });
    expect(ofType(events, 'review_verdict')).toHaveLength(2);
    expect(decisions.map((d) => d.action)).toEqual(['LOG_WARNING']);
  });

  it('reviews different targets at the same time', async () => {
    const { engine, events } = setup({
      claude: { verdict: 'approve' },
      codex: { verdict: 'approve' },
      gemini: { verdict: 'approve' },
    });
    const both = Promise.all([engine.request('claude', 'milestone'), engine.request('gemini', 'milestone')]);
    expect(engine.busy).toBe(true);
    await both;
    const targets = ofType(events, 'review_requested').map((e) => e.payload.request.target);
    expect(targets.sort()).toEqual(['claude', 'gemini']);
    expect(ofType(events, 'decision')).toHaveLength(2);
    expect(engine.busy).toBe(false);
  });

  it('stops a reviewer that does not answer in time, process group and all', async () => {
    const { engine, events, decisions, marker } = setup(
      {
        claude: { verdict: 'approve', scenario: 'hang' },
        codex: { verdict: 'approve' },
        gemini: { verdict: 'approve' },
      },
      { timeoutSec: 1 },
    );
    await engine.request('codex', 'user');
    const claude = verdictsOf(events).find((r) => r.reviewer === 'claude');
    expect(claude).toMatchObject({ verdict: 'concern', reviewerError: true });
    expect(claude?.summary).toContain('no answer within 1 s; after one retry, no answer within 1 s');
    expect(decisions[0]).toMatchObject({ action: 'LOG_WARNING' });
    expect(markedProcesses(marker)).toEqual([]);
  });

  it('cancel stops running reviewers, decides nothing and ignores later requests', async () => {
    const { engine, events, decisions, marker } = setup({
      claude: { verdict: 'approve', scenario: 'hang' },
      codex: { verdict: 'approve' },
      gemini: { verdict: 'approve' },
    });
    const review = engine.request('codex', 'user');
    await waitFor(
      () => markedProcesses(marker).length > 0 && ofType(events, 'review_requested').length === 1,
    );
    await engine.cancel();
    await review;
    expect(decisions).toEqual([]);
    expect(ofType(events, 'decision')).toEqual([]);
    expect(markedProcesses(marker)).toEqual([]);
    await engine.request('claude', 'milestone');
    expect(ofType(events, 'review_requested')).toHaveLength(1);
  });

  it('continues with rule no_reviewers when no other agent is enabled', async () => {
    const { engine, events, decisions } = setup({ claude: { verdict: 'approve' } });
    await engine.request('claude', 'completion');
    expect(ofType(events, 'review_requested')[0]?.payload.request.reviewers).toEqual([]);
    expect(decisions[0]).toMatchObject({ action: 'CONTINUE', rule: 'no_reviewers', reviewIds: [] });
  });

  it('says so when asked to review an unknown worker, and stays usable', async () => {
    const { engine, events } = setup({ claude: { verdict: 'approve' } });
    const review = engine.request('nobody', 'user');
    // Nothing is emitted from inside request(): the caller may be handling an event of the same log.
    expect(events).toEqual([]);
    await review;
    const [error] = ofType(events, 'error');
    expect(error?.payload).toMatchObject({
      code: 'review_failed',
      fatal: false,
      message: 'no worker nobody to review',
    });
    expect(error?.workerId).toBeUndefined();
    expect(ofType(events, 'review_requested')).toEqual([]);
    expect(engine.busy).toBe(false);
  });
});
