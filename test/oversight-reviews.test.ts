import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrchestratorConfig, type Event } from '../src-shared/models';
import { SessionService } from '../src-main/coordinator/session-service';
import { readEvents } from '../src-main/store/session-folder';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

const root = join(import.meta.dirname, '..');
const { tempDir, temp } = tempDirs();

const ofType = <K extends Event['type']>(events: readonly Event[], type: K) =>
  events.filter((e): e is Extract<Event, { type: K }> => e.type === type);

/** An executable that counts its launches in `count`, then runs `body` (sh). */
function fakeCli(dir: string, name: string, body: string): { command: string; count: string } {
  const command = join(dir, name);
  const count = join(dir, `${name}.launches`);
  writeFileSync(command, `#!/bin/sh\necho launched >> '${count}'\n${body}\n`);
  chmodSync(command, 0o755);
  return { command, count };
}

const launches = (count: string): number => {
  try {
    return readFileSync(count, 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
};

async function runSession(config: unknown, demo: boolean) {
  const service = new SessionService({
    workspace: tempDir('orchestrator-reviews-'),
    config: OrchestratorConfig.parse(config),
  });
  const repo = scratchRepo();
  temp.push(repo);
  const { sessionId, folder } = await service.start({
    task: 'add a CONTRIBUTING file',
    repo,
    demo,
    plan: 'template',
  });
  const status = await service.done(sessionId);
  return { status, events: readEvents(folder).events, state: service.state(sessionId)! };
}

describe('reviews that cost what they should', () => {
  it('a reviewer reviews a worker’s diff once: a later trigger on the same diff reuses the verdicts and says so', async () => {
    const env = { ORCHESTRATOR_DEMO_VERDICT: 'approve', ORCHESTRATOR_DEMO_DELAY_MS: '20' };
    const { status, events } = await runSession(
      { agents: Object.fromEntries(['claude', 'codex', 'gemini'].map((a) => [a, { command: a, env }])) },
      true,
    );
    expect(status).toBe('completed');
    const verdicts = ofType(events, 'review_verdict').map((e) => e.payload.review);
    const requests = ofType(events, 'review_requested').map((e) => e.payload.request);
    // Per (reviewer, worker, diff) one verdict, never two.
    const keys = verdicts.map((v) => {
      const request = requests.find((r) => r.id === v.requestId)!;
      return `${v.reviewer} ${v.target} ${request.diffHash}`;
    });
    expect(new Set(keys).size).toBe(keys.length);
    // The completion of a worker whose diff did not change since its milestone asked nobody again.
    for (const request of requests.filter((r) => r.reusedFrom)) {
      const earlier = requests.find((r) => r.id === request.reusedFrom)!;
      expect(earlier.diffHash).toBe(request.diffHash);
      expect(verdicts.filter((v) => v.requestId === request.id)).toEqual([]);
    }
    expect(requests.some((r) => r.reusedFrom)).toBe(true);
    expect(verdicts.length).toBe(6);
  }, 120_000);

  it('an unauthenticated gemini is not asked to review: the decisions name it, the run fails on it, never pauses', async () => {
    const bin = tempDir('orchestrator-fake-clis-');
    const recorded = join(root, 'test', 'fixtures', 'cli', 'gemini', 'cases', 'noauth-stream');
    // gemini as it answers without any auth: its recorded stderr and exit code.
    const gemini = fakeCli(
      bin,
      'gemini',
      `cat '${join(recorded, 'stderr')}' >&2\nexit $(cat '${join(recorded, 'exit_code')}')`,
    );
    const demo = (agent: string) =>
      fakeCli(
        bin,
        agent,
        `exec '${process.execPath}' '${join(root, 'resources', 'demo-agents', `${agent}.mjs`)}' "$@"`,
      );
    // The others approve: a pause could only come from gemini's failure taken for a concern.
    const env = { ORCHESTRATOR_DEMO_VERDICT: 'approve', ORCHESTRATOR_DEMO_DELAY_MS: '20' };
    const agents = (names: string[]) =>
      Object.fromEntries(
        names.map((a) => [a, { command: a === 'gemini' ? gemini.command : demo(a).command, env }]),
      );

    const three = await runSession({ agents: agents(['claude', 'codex', 'gemini']) }, false);
    expect(three.status).toBe('failed');
    expect(three.state.workers.find((w) => w.workerId === 'gemini')!.status).toBe('setup_required');
    const decisions = ofType(three.events, 'decision').map((e) => e.payload);
    expect(decisions.some((d) => d.action === 'PAUSE_AND_CLARIFY' || d.action === 'STOP_AND_ESCALATE')).toBe(
      false,
    );
    expect(ofType(three.events, 'review_verdict').some((e) => e.payload.review.reviewer === 'gemini')).toBe(
      false,
    );
    // Each of the others is decided on the verdict there is, gemini named as unable to review, not as a concern.
    for (const d of decisions) {
      expect(d.unreviewed).toEqual([
        { reviewer: 'gemini', reason: expect.stringMatching(/needs setup|no authentication/) },
      ]);
      expect(d.verdicts!.map((v) => v.reviewer)).not.toContain('gemini');
    }
    expect(launches(gemini.count)).toBeLessThanOrEqual(2);

    // With no reviewer left, the worker is unreviewed: no made-up concern, and work goes on.
    rmSync(gemini.count, { force: true });
    const two = await runSession({ agents: agents(['claude', 'gemini']) }, false);
    const claude = ofType(two.events, 'decision').filter((e) => e.payload.target === 'claude');
    expect(claude.length).toBeGreaterThan(0);
    for (const { payload } of claude) {
      expect(payload).toMatchObject({ action: 'CONTINUE', rule: 'no_reviewers', verdicts: [] });
      expect(payload.ruleText).toBe('nobody could review (gemini could not)');
    }
    expect(launches(gemini.count)).toBeLessThanOrEqual(2);
  }, 240_000);
});
