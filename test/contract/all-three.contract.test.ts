import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Event, SessionSummary } from '../../src-shared/models';
import { splitLines, uncoveredLines } from '../cli-fixtures';
import { gitOut, scratchRepo } from '../scratch-repo';
import { claudeContractAgentConfig, startAnthropicMock } from './claude-setup';
import { codexContractAgentConfig, loadOpenAiMock } from './codex-setup';
import { geminiContractAgentConfig, startGeminiMock } from './gemini-setup';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** One session of the three real CLIs, each against its mock; claude's mock answers reviews as told. */
async function runAllThree(claudeScenario: 'ok' | 'blocker', task = 'add a short CONTRIBUTING note') {
  const dir = mkdtempSync(join(tmpdir(), 'orchestrator-all-three-'));
  const repo = scratchRepo();
  cleanup.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => rmSync(repo, { recursive: true, force: true }),
  );
  const [anthropic, openai, gemini] = await Promise.all([
    startAnthropicMock({ scenario: claudeScenario }),
    loadOpenAiMock().then((m) => m.startMock()),
    startGeminiMock(),
  ]);
  cleanup.push(
    () => anthropic.close(),
    () => openai.close(),
    () => gemini.close(),
  );
  const config = join(dir, 'cfg.json');
  writeFileSync(
    config,
    JSON.stringify({
      agents: {
        claude: claudeContractAgentConfig(anthropic.url, dir),
        codex: codexContractAgentConfig(openai.url, dir),
        gemini: geminiContractAgentConfig(gemini.url, dir),
      },
    }),
  );
  const workspace = join(dir, 'sessions');
  const headBefore = gitOut(repo, 'rev-parse', 'HEAD');
  const result = await execa(
    tsx,
    [entry, 'run', task, '--repo', repo, '--config', config, '--json', '--workspace', workspace],
    { cwd: root, reject: false, stdin: 'ignore', stripFinalNewline: false },
  );
  const stdout = String(result.stdout);
  const events = splitLines(stdout).map((line) => Event.parse(JSON.parse(line)));
  return { result, stdout, events, workspace, repo, headBefore, anthropic, openai, gemini };
}

describe('the three real CLIs together', () => {
  it('take a long multi-byte task on stdin and send all of it to their model', async () => {
    // Well over 16 KiB of prompt, so each CLI gets it on stdin; the marker at its end proves none was cut.
    const marker = 'END-OF-THE-LONG-TASK-7f3a';
    const task = `add a short CONTRIBUTING note\n${'Größe 検証 '.repeat(4_000)}\n${marker}`;
    const { result, anthropic, openai, gemini } = await runAllThree('ok', task);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(String(result.stdout)).not.toMatch(/E2BIG/);
    for (const mock of [anthropic, openai, gemini]) {
      expect(mock.requests.some((r) => JSON.stringify(r.body).includes(marker))).toBe(true);
    }
  });

  it('plan, work in parallel, review each other and complete, each writing its own file in its own worktree', async () => {
    const { result, stdout, events, workspace, repo, headBefore, anthropic, openai, gemini } =
      await runAllThree('ok');
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const folder = join(workspace, events[0]!.sessionId);
    expect(readFileSync(join(folder, 'events.jsonl'), 'utf8')).toBe(stdout);

    // Each of the three ran for real, in parallel: its launches overlap the others'.
    const started = events.filter((e) => e.type === 'worker_started');
    const exited = events.filter((e) => e.type === 'worker_exited');
    expect(new Set(started.map((e) => e.workerId))).toEqual(new Set(['claude', 'codex', 'gemini']));
    expect(Math.max(...started.map((e) => e.seq))).toBeLessThan(Math.min(...exited.map((e) => e.seq)));

    const summary = SessionSummary.parse(JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')));
    expect(summary.status).toBe('completed');
    for (const worker of summary.workers) {
      const mine = events.filter((e) => e.workerId === worker.workerId);
      const unparsed = mine.filter((e) => e.type === 'raw' && e.payload.reason !== 'ignored');
      expect(unparsed, `${worker.workerId} printed lines its parser no longer understands`).toEqual([]);
      const raw = splitLines(readFileSync(join(folder, 'workers', worker.workerId, 'raw.jsonl'), 'utf8'));
      expect(uncoveredLines(mine, raw.length)).toEqual([]);
      expect(worker).toMatchObject({ status: 'completed', exitCode: 0 });
      expect(worker.sessionRef).toBeTruthy();
      expect(worker.tokens.input).toBeGreaterThan(0);
      expect(worker.filesChanged.length).toBeGreaterThan(0);
      for (const file of worker.filesChanged) {
        expect(
          existsSync(join(folder, 'worktrees', worker.workerId, file)),
          `${worker.workerId}: ${file}`,
        ).toBe(true);
      }
      expect(mine.some((e) => e.type === 'MILESTONE')).toBe(true);
      expect(worker.diffstat!.files.length).toBeGreaterThan(0);
      expect(worker.merge).toEqual({ clean: true, conflicts: [] });
    }
    // What it cost: the planner's and the six reviews' runs are counted beside the workers', and each
    // worker's files are those of its diff (codex writes through its shell, which names no file).
    const { spend } = summary;
    const tokensOf = (s: { tokens: { input: number; output: number } }) => s.tokens.input + s.tokens.output;
    expect(tokensOf(spend!.planner)).toBeGreaterThan(0);
    expect(tokensOf(spend!.reviews)).toBeGreaterThan(0);
    expect(tokensOf(spend!.total)).toBeGreaterThanOrEqual(
      tokensOf(spend!.workers) + tokensOf(spend!.reviews),
    );
    expect(spend!.total.costUsd).toBeGreaterThanOrEqual(
      (spend!.workers.costUsd ?? 0) + (spend!.reviews.costUsd ?? 0),
    );
    for (const worker of summary.workers) {
      expect(tokensOf(worker.reviewSpend!), `reviews of ${worker.workerId}`).toBeGreaterThan(0);
      expect(worker.filesChanged).toEqual(expect.arrayContaining(worker.diffstat!.files.map((f) => f.path)));
    }
    // The model each CLI reported; gemini's "auto" is its router's request, not a model.
    const models = Object.fromEntries(summary.workers.map((w) => [w.workerId, w.model]));
    expect(models.claude).toBeTruthy();
    expect(models.gemini).toBeTruthy();
    expect(models.gemini).not.toBe('auto');
    // The real claude planned; every worker was reviewed by the two others, and every decision let it go on.
    const plan = events.find((e) => e.type === 'plan');
    expect(plan?.type === 'plan' && plan.payload.breakdown.source).toBe('agent');
    const verdicts = events.flatMap((e) => (e.type === 'review_verdict' ? [e.payload.review] : []));
    expect(new Set(verdicts.map((v) => `${v.reviewer}->${v.target}`)).size).toBe(6);
    expect(verdicts.every((v) => v.verdict === 'approve' && !v.reviewerError)).toBe(true);
    const decisions = events.flatMap((e) => (e.type === 'decision' ? [e.payload.action] : []));
    expect(decisions.length).toBeGreaterThan(0);
    expect(decisions.every((a) => a === 'CONTINUE')).toBe(true);
    // Each mock was used by its CLI, and the user's checkout did not move.
    expect(anthropic.requests.length).toBeGreaterThan(0);
    expect(openai.requests.length).toBeGreaterThan(0);
    expect(gemini.requests.length).toBeGreaterThan(0);
    expect(gitOut(repo, 'rev-parse', 'HEAD')).toBe(headBefore);
    expect(gitOut(repo, 'status', '--porcelain')).toBe('');
  });

  it('a real reviewer returning a blocker stops the session by policy: exit 3, workers stopped', async () => {
    const { result, events } = await runAllThree('blocker');
    expect(result.exitCode, String(result.stderr)).toBe(3);
    const stop = events.find((e) => e.type === 'decision' && e.payload.action === 'STOP_AND_ESCALATE');
    expect(stop?.type === 'decision' && stop.payload.rule).toBe('any_blocker');
    expect(stop?.type === 'decision' && stop.payload.reason).toMatch(/claude: blocker/);
    expect(
      events.some((e) => e.type === 'control' && e.payload.by === 'policy' && e.payload.command === 'stop'),
    ).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'session_status', payload: { status: 'escalated' } });
  });
});
