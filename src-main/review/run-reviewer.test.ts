import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentConfig, BuiltinAgent, ReviewRequest } from '../../src-shared/models';
import { ADAPTERS } from '../agents/registry';
import { peerReview } from './peer-review';
import { runReviewer, type Reviewer } from './run-reviewer';

const dir = mkdtempSync(join(tmpdir(), 'orchestrator-reviewer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reviewer = (agent: BuiltinAgent, config: Partial<AgentConfig> = {}): Reviewer => ({
  agent,
  adapter: ADAPTERS[agent],
  config: {
    command: agent,
    args: [],
    env: { ORCHESTRATOR_DEMO_DELAY_MS: '0' },
    model: null,
    enabled: true,
    ...config,
  },
});

const base = (folder: string) => ({
  prompt: 'Review this. End with {"verdict":"approve|concern|blocker","summary":"…","findings":[]}',
  cwd: dir,
  pathEnv: process.env.PATH ?? '',
  markerEnv: { ORCHESTRATOR_SESSION_ID: 'run-reviewer-test' },
  folder: join(dir, folder),
  timeoutMs: 30_000,
});

describe('runReviewer', { timeout: 90_000 }, () => {
  it('runs a demo reviewer read-only and reads its verdict from the final text, raw output kept on disk', async () => {
    const run = await runReviewer({ ...base('claude'), reviewer: reviewer('claude'), demo: true });
    expect(run.report).toEqual({ verdict: 'approve', summary: expect.any(String), findings: [] });
    expect(run.finalText).toContain('"verdict"');
    expect(run.problem).toBeNull();
    expect(run.exit).toMatchObject({ exitCode: 0, spawnError: null });
    expect(run.events.map((e) => e.type)).toContain('result');
    const raw = readFileSync(join(dir, 'claude', 'raw.jsonl'), 'utf8');
    // Launched in review mode: the demo reports the permission mode it was given, read-only for claude.
    expect(JSON.parse(raw.split('\n')[0]!)).toMatchObject({ type: 'system', permissionMode: 'dontAsk' });
    expect(existsSync(join(dir, 'claude', 'stderr.log'))).toBe(true);
  });

  it('says why when the CLI is not installed, without starting anything', async () => {
    const run = await runReviewer({
      ...base('missing'),
      reviewer: reviewer('codex', { command: 'definitely-not-an-installed-cli' }),
      demo: false,
    });
    expect(run).toMatchObject({ report: null, exit: null, finalText: '' });
    expect(run.problem).toBe('definitely-not-an-installed-cli was not found on PATH');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});

describe('peerReview', () => {
  it('does not retry a reviewer that cannot start, and says it could not review (no approval, no made-up concern)', async () => {
    const request: ReviewRequest = {
      id: 'rq-missing',
      target: 'claude',
      reviewers: ['gemini'],
      trigger: 'user',
      diffRange: null,
      requestedAt: new Date().toISOString(),
    };
    const review = await peerReview({
      reviewer: reviewer('gemini', { command: 'definitely-not-an-installed-cli' }),
      request,
      diffRange: null,
      prompt: 'x "verdict"',
      sessionFolder: dir,
      run: { cwd: dir, demo: false, pathEnv: '', markerEnv: {}, timeoutMs: 1000 },
    });
    expect(review).toEqual({ runs: [], unusable: 'definitely-not-an-installed-cli was not found on PATH' });
    expect(existsSync(join(dir, 'reviews', 'rq-missing', 'gemini-retry'))).toBe(false);
  });
});
