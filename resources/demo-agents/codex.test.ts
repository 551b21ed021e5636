import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { payloads } from '../../test/cli-fixtures';
import {
  demoAgentHarness,
  expectHangsAfter,
  expectTornLastLine,
  planIn,
  verdictIn,
} from '../../test/demo-agent-harness';

const { tempDir, run, spawn, spawnArgs, parse } = demoAgentHarness('codex', {
  prompt: 'add a CONTRIBUTING file',
  delayMs: 5,
});

describe('codex demo agent, work prompt', () => {
  it('writes a docs note in the -C directory and reports it like codex', async () => {
    const dir = tempDir();
    const elsewhere = tempDir();
    const { exitCode, events } = await run({ cwd: dir }, {}, elsewhere);
    expect(exitCode).toBe(0);

    const note = join(dir, 'docs', 'contributing-notes.md');
    expect(readFileSync(note, 'utf8')).toContain('- Task: add a CONTRIBUTING file');
    expect(readdirSync(dir)).toEqual(['docs']);
    expect(readdirSync(elsewhere)).toEqual([]);

    expect(payloads(events, 'session_ref')).toEqual([
      { ref: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) },
    ]);
    expect(payloads(events, 'file_change')).toEqual([{ path: note, kind: 'add' }]);
    expect(payloads(events, 'MILESTONE')).toEqual([
      { summary: 'docs/contributing-notes.md written for "add a CONTRIBUTING file"' },
    ]);
    expect(payloads(events, 'command').at(-1)).toEqual({
      command: "/bin/bash -lc 'wc -l docs/contributing-notes.md'",
      status: 'completed',
      exitCode: 0,
      output: '6 docs/contributing-notes.md\n',
    });
    const [usage] = payloads(events, 'usage');
    expect(usage?.costUsd).toBeNull();
    expect(usage?.inputTokens).toBeGreaterThan(usage?.cachedInputTokens ?? Infinity);
    expect(usage?.outputTokens).toBeGreaterThan(0);
    expect(payloads(events, 'result')).toEqual([
      {
        ok: true,
        text: 'Added docs/contributing-notes.md (6 lines) describing "add a CONTRIBUTING file" and checked it with wc.',
      },
    ]);
  });

  it('continues the given thread on resume and updates its note', async () => {
    const dir = tempDir();
    const first = await run({ cwd: dir });
    const ref = payloads(first.events, 'session_ref')[0]?.ref ?? '';
    const second = await run({ cwd: dir, resumeRef: ref, prompt: 'add a CONTRIBUTING file' });
    expect(second.exitCode).toBe(0);
    expect(payloads(second.events, 'session_ref')).toEqual([{ ref }]);
    expect(payloads(second.events, 'file_change')).toEqual([
      { path: join(dir, 'docs', 'contributing-notes.md'), kind: 'update' },
    ]);
    expect(readFileSync(join(dir, 'docs', 'contributing-notes.md'), 'utf8')).toMatch(
      /- Update: add a CONTRIBUTING file\n$/,
    );
  });

  it('cannot write under the read-only sandbox and says so as codex would', async () => {
    const dir = tempDir();
    const { exitCode, events } = await run({ cwd: dir, mode: 'review', prompt: 'add a CONTRIBUTING file' });
    expect(exitCode).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    expect(payloads(events, 'command').at(-1)).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(payloads(events, 'command').at(-1)?.output).toContain('Read-only file system');
    expect(payloads(events, 'BLOCKER')).toHaveLength(1);
  });

  it('tolerates flags it does not know', async () => {
    const dir = tempDir();
    const { exitCode, events } = await run({
      cwd: dir,
      extraArgs: ['--bogus-flag', '--color=never', '-c', 'x=1'],
    });
    expect(exitCode).toBe(0);
    expect(payloads(events, 'file_change')).toHaveLength(1);
  });

  it('fails like codex without a prompt or with a missing -C directory', async () => {
    // No prompt argument: the prompt is read from stdin, and an empty stdin is refused as codex refuses it.
    const noPrompt = await spawnArgs(['exec', '--json']);
    expect([noPrompt.exitCode, noPrompt.stdout]).toEqual([1, '']);
    expect(noPrompt.stderr).toContain('No prompt provided via stdin.');
    const dir = tempDir();
    const missing = await run({ cwd: join(dir, 'nope') }, {}, dir);
    expect([missing.exitCode, missing.stdout]).toEqual([1, '']);
    expect(missing.stderr).toContain('Error: No such file or directory (os error 2)');
  });
});

describe('codex demo agent, plan and review prompts', () => {
  it('answers a planner prompt with one assignment per enabled agent and edits nothing', async () => {
    const dir = tempDir();
    const prompt =
      'Split the task. Answer with {"assignments":[...]}.\nTask: add rate limiting\nEnabled agents: claude, gemini';
    const { exitCode, finalText } = await run({ cwd: dir, mode: 'plan', prompt });
    expect(exitCode).toBe(0);
    const plan = planIn(finalText);
    expect(plan.assignments.map((a) => a.agent)).toEqual(['claude', 'gemini']);
    expect(plan.assignments[0]?.title).toContain('add rate limiting');
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['approve', 0],
    ['concern', 1],
    ['blocker', 1],
  ] as const)('answers a review prompt with the %s verdict', async (verdict, findings) => {
    const dir = tempDir();
    const prompt = 'Review the diff. Reply with {"verdict": "approve|concern|blocker", ...}';
    const { exitCode, finalText } = await run(
      { cwd: dir, mode: 'review', prompt },
      { ORCHESTRATOR_DEMO_VERDICT: verdict },
    );
    expect(exitCode).toBe(0);
    const report = verdictIn(finalText);
    expect(report.verdict).toBe(verdict);
    expect(report.findings).toHaveLength(findings);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('prints prose without JSON for the invalid verdict', async () => {
    const dir = tempDir();
    const prompt = 'Review the diff. Reply with {"verdict": ...}';
    const { finalText } = await run(
      { cwd: dir, mode: 'review', prompt },
      { ORCHESTRATOR_DEMO_VERDICT: 'invalid' },
    );
    expect(finalText).not.toBe('');
    expect(finalText).not.toContain('{');
  });
});

describe('codex demo agent, scenarios', () => {
  it('takes one to two seconds by default and ten times longer when slow', async () => {
    const normal = await run({ cwd: tempDir() }, { ORCHESTRATOR_DEMO_DELAY_MS: '' });
    expect(normal.ms).toBeGreaterThanOrEqual(1000);
    expect(normal.ms).toBeLessThan(4000);
    const slow = await run(
      { cwd: tempDir() },
      { ORCHESTRATOR_DEMO_DELAY_MS: '20', ORCHESTRATOR_DEMO_SCENARIO: 'slow' },
    );
    expect(slow.ms).toBeGreaterThanOrEqual(2000);
    expect(payloads(slow.events, 'result')).toEqual([expect.objectContaining({ ok: true })]);
  }, 20_000);

  it('crash: tears the last line and exits 1', async () => {
    const crashed = await run({ cwd: tempDir() }, { ORCHESTRATOR_DEMO_SCENARIO: 'crash' });
    expectTornLastLine(crashed);
    expect(crashed.events.at(-1)).toMatchObject({ type: 'raw', payload: { reason: 'malformed' } });
  });

  it('malformed: mixes in lines that are not JSON and still completes', async () => {
    const { exitCode, events } = await run({ cwd: tempDir() }, { ORCHESTRATOR_DEMO_SCENARIO: 'malformed' });
    expect(exitCode).toBe(0);
    expect(payloads(events, 'raw').filter((p) => p.reason === 'malformed')).toHaveLength(3);
    expect(payloads(events, 'result')).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('error: retries a 429 five times, then fails the turn and exits 1', async () => {
    const { exitCode, events } = await run({ cwd: tempDir() }, { ORCHESTRATOR_DEMO_SCENARIO: 'error' });
    expect(exitCode).toBe(1);
    const errors = payloads(events, 'error');
    expect(
      errors.filter((e) => e.code === 'reconnecting' && e.httpStatus === 429 && e.retrying),
    ).toHaveLength(5);
    expect(errors.filter((e) => e.fatal)).toEqual([
      {
        message: 'exceeded retry limit, last status: 429 Too Many Requests',
        fatal: true,
        code: 'rate_limited',
        httpStatus: 429,
      },
    ]);
    expect(payloads(events, 'result')).toEqual([{ ok: false, subtype: 'turn_failed' }]);
  });

  it('hang: starts the run, then stays silent and alive until killed', async () => {
    const dir = tempDir();
    const lines = await expectHangsAfter(spawn({ cwd: dir }, { ORCHESTRATOR_DEMO_SCENARIO: 'hang' }), 2, 400);
    expect(parse(lines).map((e) => e.type)).toEqual(['session_ref', 'turn']);
    expect(existsSync(join(dir, 'docs'))).toBe(false);
  });
});
