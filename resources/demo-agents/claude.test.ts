import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { payloads, readCase, splitLines } from '../../test/cli-fixtures';
import {
  demoAgentHarness,
  expectHangsAfter,
  expectTornLastLine,
  planIn,
  verdictIn,
} from '../../test/demo-agent-harness';

const TASK_PROMPT =
  'You are claude, one of 3 coding agents.\n\nTask: add a CONTRIBUTING file\n\nYour assignment: Write the main document';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const { tempDir, run, spawn, spawnArgs, parse } = demoAgentHarness('claude', {
  prompt: TASK_PROMPT,
  delayMs: 2,
});

describe('claude demo agent, work prompt', () => {
  it('writes CONTRIBUTING.md and reports it the way claude does', async () => {
    const cwd = tempDir();
    const { exitCode, events, stdout } = await run({ cwd });
    expect(exitCode).toBe(0);
    const content = readFileSync(join(cwd, 'CONTRIBUTING.md'), 'utf8');
    expect(content).toContain('> add a CONTRIBUTING file');
    expect(readdirSync(cwd)).toEqual(['CONTRIBUTING.md']);

    const [ref] = payloads(events, 'session_ref');
    expect(ref?.ref).toMatch(UUID);
    expect(ref?.model).toBe('demo-claude');
    expect(payloads(events, 'MILESTONE')).toEqual([
      { summary: 'CONTRIBUTING.md written for "add a CONTRIBUTING file"' },
    ]);
    expect(payloads(events, 'file_change')).toEqual([{ path: join(cwd, 'CONTRIBUTING.md'), kind: 'add' }]);
    expect(payloads(events, 'tool_use').map((t) => t.summary)).toEqual([
      'update the todo list (2 items)',
      'write CONTRIBUTING.md',
      'run wc -l CONTRIBUTING.md',
    ]);
    const lineCount = content.split('\n').length - 1;
    expect(payloads(events, 'command').at(-1)).toEqual({
      command: 'wc -l CONTRIBUTING.md',
      status: 'completed',
      exitCode: 0,
      output: `${lineCount} CONTRIBUTING.md`,
    });
    expect(payloads(events, 'thinking')).toHaveLength(1);
    expect(payloads(events, 'raw')).toEqual([]);

    // One assistant line per content block: the first message's three blocks share one message.id.
    const ids = splitLines(stdout)
      .map((l) => JSON.parse(l) as { type: string; message?: { id: string } })
      .filter((l) => l.type === 'assistant')
      .map((l) => l.message?.id);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);

    const [usage] = payloads(events, 'usage');
    expect(usage?.inputTokens).toBeGreaterThan(usage?.cachedInputTokens ?? Infinity);
    expect(usage?.outputTokens).toBeGreaterThan(0);
    expect(usage?.costUsd).toBeGreaterThan(0);
    expect(payloads(events, 'result')).toEqual([
      {
        ok: true,
        text: `Done — created CONTRIBUTING.md (${lineCount} lines) for "add a CONTRIBUTING file".`,
        subtype: 'success',
      },
    ]);
  });

  it('updates the document on a resumed run and keeps the session id', async () => {
    const cwd = tempDir();
    const first = await run({ cwd });
    const ref = payloads(first.events, 'session_ref')[0]?.ref;
    const second = await run({
      cwd,
      resumeRef: ref,
      prompt: 'Task: add a CONTRIBUTING file with a testing section',
    });
    expect(payloads(second.events, 'session_ref')[0]?.ref).toBe(ref);
    expect(payloads(second.events, 'file_change')).toEqual([
      { path: join(cwd, 'CONTRIBUTING.md'), kind: 'update' },
    ]);
    expect(readFileSync(join(cwd, 'CONTRIBUTING.md'), 'utf8')).toMatch(
      /## Update\n\n- add a CONTRIBUTING file with a testing section\n$/,
    );
  });

  it('cannot write under read-only flags: a permission denial, no file, exit 0', async () => {
    const cwd = tempDir();
    const { exitCode, events } = await run({ cwd, mode: 'review', prompt: TASK_PROMPT });
    expect(exitCode).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    expect(payloads(events, 'file_change')).toEqual([]);
    expect(payloads(events, 'error')).toEqual([
      {
        message: `Claude requested permissions to write to ${join(cwd, 'CONTRIBUTING.md')}, but you haven't granted it yet.`,
        fatal: false,
        code: 'permission_denied',
      },
    ]);
    expect(payloads(events, 'BLOCKER')).toHaveLength(1);
    expect(payloads(events, 'result')[0]?.ok).toBe(true);
  });

  it('refuses stream-json without --verbose with the real CLI words', async () => {
    const result = await spawnArgs(['-p', '--output-format', 'stream-json', 'hi'], {}, tempDir());
    const recorded = readCase('claude', 'sj_no_verbose');
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([recorded.exitCode, '', recorded.stderr]);
  });
});

describe('claude demo agent, plan and review prompts', () => {
  it('answers a plan prompt with one assignment per enabled agent and edits nothing', async () => {
    const cwd = tempDir();
    const prompt =
      'Task: add a CONTRIBUTING file\nEnabled agents: claude, gemini\nReply with {"assignments": [...]}';
    const { exitCode, finalText, events } = await run({ cwd, mode: 'plan', prompt });
    expect(exitCode).toBe(0);
    expect(payloads(events, 'MILESTONE')).toEqual([{ summary: 'plan ready, 2 assignments' }]);
    const plan = planIn(finalText);
    expect(plan.assignments.map((a) => [a.agent, a.scope])).toEqual([
      ['claude', ['CONTRIBUTING.md']],
      ['gemini', ['CHANGELOG.md']],
    ]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    ['approve', 0, undefined],
    ['concern', 1, 'medium'],
    ['blocker', 1, 'high'],
  ] as const)('answers a review prompt with a %s verdict', async (verdict, findings, severity) => {
    const cwd = tempDir();
    await run({ cwd });
    const before = readFileSync(join(cwd, 'CONTRIBUTING.md'), 'utf8');
    const prompt = 'Review the change. Reply with {"verdict": "approve|concern|blocker", ...}';
    const { finalText, events } = await run(
      { cwd, mode: 'review', prompt },
      { ORCHESTRATOR_DEMO_VERDICT: verdict },
    );
    const report = verdictIn(finalText);
    expect(report.verdict).toBe(verdict);
    expect(report.findings).toHaveLength(findings);
    expect(report.findings[0]?.severity).toBe(severity);
    if (findings) expect(report.findings[0]?.file).toBe('CONTRIBUTING.md');
    expect(payloads(events, 'MILESTONE')).toEqual([{ summary: 'review done, nothing was changed' }]);
    expect(payloads(events, 'file_change')).toEqual([]);
    expect(readFileSync(join(cwd, 'CONTRIBUTING.md'), 'utf8')).toBe(before);
  });

  it('answers prose without JSON for the invalid verdict', async () => {
    const prompt = 'Reply with {"verdict": ...}';
    const { finalText, exitCode } = await run(
      { cwd: tempDir(), mode: 'review', prompt },
      { ORCHESTRATOR_DEMO_VERDICT: 'invalid' },
    );
    expect(exitCode).toBe(0);
    expect(finalText.length).toBeGreaterThan(20);
    expect(finalText).not.toMatch(/[{}]/);
  });
});

describe('claude demo agent scenarios', () => {
  it('crash: a torn last line without newline, exit 1', async () => {
    const crashed = await run({ cwd: tempDir() }, { ORCHESTRATOR_DEMO_SCENARIO: 'crash' });
    expectTornLastLine(crashed);
    expect(crashed.events.at(-1)).toMatchObject({ type: 'raw', payload: { reason: 'malformed' } });
  });

  it('malformed: junk lines become raw events and the run still ends ok', async () => {
    const cwd = tempDir();
    const { exitCode, events } = await run({ cwd }, { ORCHESTRATOR_DEMO_SCENARIO: 'malformed' });
    expect(exitCode).toBe(0);
    expect(payloads(events, 'raw').map((r) => r.reason)).toEqual(['malformed', 'malformed', 'malformed']);
    expect(payloads(events, 'result')[0]?.ok).toBe(true);
    expect(existsSync(join(cwd, 'CONTRIBUTING.md'))).toBe(true);
  });

  it('error: retries, then a fatal 429 like the recorded one, exit 1', async () => {
    const { exitCode, events } = await run({ cwd: tempDir() }, { ORCHESTRATOR_DEMO_SCENARIO: 'error' });
    const recorded = readCase('claude', 'mock_err429');
    expect(exitCode).toBe(recorded.exitCode);
    const expected = payloads(parse(splitLines(recorded.stdout)), 'error');
    expect(payloads(events, 'error')).toEqual(expected);
    expect(payloads(events, 'result')[0]?.ok).toBe(false);
  });

  it('slow: ten times the delay', async () => {
    const started = Date.now();
    await run({ cwd: tempDir() }, { ORCHESTRATOR_DEMO_SCENARIO: 'slow', ORCHESTRATOR_DEMO_DELAY_MS: '15' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(11 * 150);
  });

  it('hang: starts, then prints nothing and stays alive until killed', async () => {
    const child = spawn({ cwd: tempDir() }, { ORCHESTRATOR_DEMO_SCENARIO: 'hang' });
    const lines = await expectHangsAfter(child, 2, 600);
    expect(payloads(parse(lines), 'session_ref')[0]?.model).toBe('demo-claude');
  });
});
