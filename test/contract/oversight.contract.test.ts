import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Event } from '../../src-shared/models';
import { splitLines } from '../cli-fixtures';
import { scratchRepo } from '../scratch-repo';
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

/** A session of the three real CLIs against their mocks, review on; gemini without any auth when asked. */
async function runAllThree(geminiAuth: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'orchestrator-oversight-contract-'));
  const repo = scratchRepo();
  cleanup.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => rmSync(repo, { recursive: true, force: true }),
  );
  const [anthropic, openai, gemini] = await Promise.all([
    startAnthropicMock({ scenario: 'ok' }),
    loadOpenAiMock().then((m) => m.startMock()),
    startGeminiMock(),
  ]);
  cleanup.push(
    () => anthropic.close(),
    () => openai.close(),
    () => gemini.close(),
  );
  const geminiConfig = geminiContractAgentConfig(gemini.url, dir);
  if (!geminiAuth) {
    // As a new user has it: no key, no auth method chosen (the CLI exits 41, cli notes gemini §3).
    const { GEMINI_API_KEY: _key, ...env } = geminiConfig.env;
    geminiConfig.env = env;
    writeFileSync(join(env.GEMINI_CLI_HOME!, '.gemini', 'settings.json'), '{}\n');
  }
  const config = join(dir, 'cfg.json');
  writeFileSync(
    config,
    JSON.stringify({
      agents: {
        claude: claudeContractAgentConfig(anthropic.url, dir),
        codex: codexContractAgentConfig(openai.url, dir),
        gemini: geminiConfig,
      },
    }),
  );
  const workspace = join(dir, 'sessions');
  const result = await execa(
    tsx,
    [
      entry,
      'run',
      'add a short CONTRIBUTING note',
      '--repo',
      repo,
      '--config',
      config,
      '--json',
      '--workspace',
      workspace,
    ],
    { cwd: root, reject: false, stdin: 'ignore', stripFinalNewline: false },
  );
  const events = splitLines(String(result.stdout)).map((line) => Event.parse(JSON.parse(line)));
  const folder = join(workspace, events[0]!.sessionId);
  return { result, events, folder };
}

/** Every launch of an agent as a reviewer: each run keeps its own folder under reviews/<request>/. */
function reviewerRuns(folder: string, agent: string): number {
  const reviews = join(folder, 'reviews');
  if (!existsSync(reviews)) return 0;
  return readdirSync(reviews).reduce(
    (n, request) =>
      n +
      readdirSync(join(reviews, request)).filter((run) => run === agent || run === `${agent}-retry`).length,
    0,
  );
}

describe('oversight with the three real CLIs', () => {
  it('each reviewer reviews each worker’s diff once: 6 reviews for 3 workers', async () => {
    const { result, events, folder } = await runAllThree(true);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const verdicts = events.flatMap((e) => (e.type === 'review_verdict' ? [e.payload.review] : []));
    expect(verdicts).toHaveLength(6);
    expect(['claude', 'codex', 'gemini'].reduce((n, a) => n + reviewerRuns(folder, a), 0)).toBe(6);
  });

  it('an unauthenticated gemini with review on: exit 1, gemini setup_required, never a pause, at most 2 launches', async () => {
    const { result, events, folder } = await runAllThree(false);
    expect(result.exitCode, String(result.stderr)).toBe(1);
    const statuses = events.flatMap((e) =>
      e.type === 'worker_status' && e.workerId === 'gemini' ? [e.payload.status] : [],
    );
    expect(statuses.at(-1)).toBe('setup_required');
    expect(events.some((e) => e.type === 'decision' && e.payload.action === 'PAUSE_AND_CLARIFY')).toBe(false);
    expect(events.some((e) => e.type === 'session_status' && e.payload.status === 'paused')).toBe(false);
    const asWorker = events.filter((e) => e.type === 'worker_started' && e.workerId === 'gemini').length;
    expect(asWorker + reviewerRuns(folder, 'gemini')).toBeLessThanOrEqual(2);
    // The decisions on the others are taken on the verdicts there are, naming gemini as unable to review.
    const decisions = events.flatMap((e) => (e.type === 'decision' ? [e.payload] : []));
    expect(decisions.length).toBeGreaterThan(0);
    for (const d of decisions) expect(d.verdicts!.map((v) => v.reviewer)).not.toContain('gemini');
  });
});
