import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ofType } from '../../src-shared/models';
import {
  demoAgentHarness,
  expectHangsAfter,
  expectTornLastLine,
  finalText,
  planIn,
  verdictIn,
} from '../../test/demo-agent-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const { tempDir, run, spawn, parse } = demoAgentHarness('gemini', { prompt: 'Task: a', delayMs: 5 });

describe('demo gemini, work run', () => {
  it('edits the changelog and a change note and reports it like gemini', async () => {
    const cwd = tempDir();
    const { exitCode, events } = await run({ cwd, prompt: 'Task: add a CONTRIBUTING file' });

    expect(exitCode).toBe(0);
    const [ref] = ofType(events, 'session_ref');
    expect(ref?.payload.ref).toMatch(UUID);
    expect(ref?.payload.model).toBe('demo-gemini');
    expect(ofType(events, 'MILESTONE').map((e) => e.payload.summary)).toEqual([
      'changelog entry and change note for "add a CONTRIBUTING file"',
    ]);
    expect(ofType(events, 'file_change').map((e) => e.payload)).toEqual([
      { path: 'CHANGELOG.md', kind: 'add' },
      { path: 'changes/add-a-contributing-file.md', kind: 'add' },
    ]);
    const [usage] = ofType(events, 'usage');
    expect(usage?.payload.inputTokens).toBeGreaterThan(1800);
    expect(usage?.payload.outputTokens).toBeGreaterThan(0);
    expect(usage?.payload.costUsd).toBeNull();
    expect(ofType(events, 'result')[0]?.payload).toMatchObject({ ok: true, subtype: 'success' });
    expect(finalText(events).endsWith('Done.')).toBe(true);
    expect(ofType(events, 'raw')).toEqual([]);

    expect(readFileSync(join(cwd, 'CHANGELOG.md'), 'utf8')).toBe(
      '# Changelog\n\n## Unreleased\n\n- add a CONTRIBUTING file (see changes/add-a-contributing-file.md)\n',
    );
    expect(readFileSync(join(cwd, 'changes/add-a-contributing-file.md'), 'utf8')).toMatch(
      /^# add a CONTRIBUTING file\n/,
    );
  });

  it('streams its text as deltas that the parser joins into one message', async () => {
    const { lines, events } = await run({ cwd: tempDir(), prompt: 'Task: add a CONTRIBUTING file' });
    const deltas = lines.filter((l) => l.includes('"delta":true')).length;
    const assistant = ofType(events, 'message').filter((e) => e.payload.role === 'assistant');
    expect(deltas).toBeGreaterThan(assistant.length);
    expect(assistant.at(-1)?.payload.text).toContain('\nMILESTONE: changelog entry');
  });

  it('updates an existing changelog under its Unreleased heading', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'CHANGELOG.md'), '# Changelog\n\n## Unreleased\n\n- older entry\n');
    const { events } = await run({ cwd, prompt: 'Task: fix the login bug' });
    expect(ofType(events, 'tool_use').map((e) => e.payload.summary)).toEqual([
      'list .',
      'read CHANGELOG.md',
      'edit CHANGELOG.md',
      'write changes/fix-the-login-bug.md',
    ]);
    expect(ofType(events, 'file_change')[0]?.payload).toEqual({ path: 'CHANGELOG.md', kind: 'update' });
    expect(readFileSync(join(cwd, 'CHANGELOG.md'), 'utf8')).toBe(
      '# Changelog\n\n## Unreleased\n\n- fix the login bug (see changes/fix-the-login-bug.md)\n- older entry\n',
    );
  });

  it('keeps the session id it is asked to resume', async () => {
    const ref = 'e4aee9bf-b21b-40fb-a371-396f23a33531';
    const { events } = await run({ cwd: tempDir(), prompt: 'Task: continue', resumeRef: ref });
    expect(ofType(events, 'session_ref')[0]?.payload.ref).toBe(ref);
    expect(ofType(events, 'usage')[0]?.payload.cachedInputTokens).toBe(1024);
  });

  it('runs the shell tool only under --yolo, like gemini', async () => {
    const { events } = await run({ cwd: tempDir(), prompt: 'Task: add docs', extraArgs: ['--yolo'] });
    expect(ofType(events, 'command').map((e) => [e.payload.status, e.payload.output ?? null])).toEqual([
      ['started', null],
      ['completed', 'add-docs.md'],
    ]);
  });

  it('cannot write in the headless default mode and says so', async () => {
    const cwd = tempDir();
    const { exitCode, events } = await run({
      cwd,
      prompt: 'Task: add a file',
      extraArgs: ['--approval-mode=default'],
    });
    expect(exitCode).toBe(0);
    expect(
      ofType(events, 'tool_result')
        .filter((e) => !e.payload.ok)
        .map((e) => e.payload.errorType),
    ).toEqual(['tool_not_registered', 'tool_not_registered']);
    expect(ofType(events, 'BLOCKER')[0]?.payload.summary).toBe(
      'need --approval-mode auto_edit to write CHANGELOG.md',
    );
    expect(existsSync(join(cwd, 'CHANGELOG.md'))).toBe(false);
    expect(existsSync(join(cwd, 'changes'))).toBe(false);
  });
});

describe('demo gemini, plan and review runs', () => {
  it('answers a planner prompt with one assignment per enabled agent and edits nothing', async () => {
    const cwd = tempDir();
    const prompt = 'Task: add rate limiting\nEnabled agents: claude, gemini\nReply with {"assignments":[…]}';
    const { exitCode, events } = await run({ cwd, prompt, mode: 'plan' });
    expect(exitCode).toBe(0);
    const plan = planIn(finalText(events));
    expect(plan.assignments.map((a) => a.agent)).toEqual(['claude', 'gemini']);
    expect(plan.assignments[1]?.scope).toEqual(['CHANGELOG.md', 'changes/']);
    expect(plan.assignments[0]?.instructions).toContain('add rate limiting');
    expect(ofType(events, 'file_change')).toEqual([]);
    expect(existsSync(join(cwd, 'CHANGELOG.md'))).toBe(false);
  });

  it('plans for the three built-in agents when the prompt lists none', async () => {
    const { events } = await run({
      cwd: tempDir(),
      prompt: 'Task: x\nAnswer with "assignments".',
      mode: 'plan',
    });
    expect(planIn(finalText(events)).assignments.map((a) => a.agent)).toEqual(['claude', 'codex', 'gemini']);
  });

  it.each([
    ['approve', 0, undefined],
    ['concern', 1, 'medium'],
    ['blocker', 1, 'critical'],
  ] as const)('gives a %s verdict read-only', async (verdict, count, severity) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'CHANGELOG.md'), '# Changelog\n');
    const { exitCode, events } = await run(
      {
        cwd,
        prompt: 'Review the diff. Reply with {"verdict": …}',
        mode: 'review',
      },
      { ORCHESTRATOR_DEMO_VERDICT: verdict },
    );
    expect(exitCode).toBe(0);
    const report = verdictIn(finalText(events));
    expect(report.verdict).toBe(verdict);
    expect(report.findings).toHaveLength(count);
    expect(report.findings[0]?.severity).toBe(severity);
    if (count) expect(report.findings[0]).toMatchObject({ file: 'CHANGELOG.md', line: 1 });
    expect(ofType(events, 'file_change')).toEqual([]);
    expect(readFileSync(join(cwd, 'CHANGELOG.md'), 'utf8')).toBe('# Changelog\n');
  });

  it('answers in prose with no JSON for the invalid verdict', async () => {
    const { events } = await run(
      {
        cwd: tempDir(),
        prompt: 'Reply with {"verdict": …}',
        mode: 'review',
      },
      { ORCHESTRATOR_DEMO_VERDICT: 'invalid' },
    );
    const text = finalText(events);
    expect(text).toMatch(/^The changes look mostly fine/);
    expect(text).not.toContain('{');
  });
});

describe('demo gemini scenarios', () => {
  it('crash: tears a line, exits 1, and the parser keeps the torn line', async () => {
    const cwd = tempDir();
    const crashed = await run({ cwd, prompt: 'Task: add a file' }, { ORCHESTRATOR_DEMO_SCENARIO: 'crash' });
    expectTornLastLine(crashed);
    const { events } = crashed;
    expect(ofType(events, 'raw').map((e) => e.payload.reason)).toEqual(['malformed']);
    expect(ofType(events, 'raw')[0]?.payload.line).toMatch(/^\{"type":"tool_use",.*"tool_name":"write_fi$/);
    expect(ofType(events, 'error').at(-1)?.payload).toMatchObject({ fatal: true, code: 'no_result' });
    expect(existsSync(join(cwd, 'CHANGELOG.md'))).toBe(false);
  });

  it('malformed: mixes unreadable lines in and still completes', async () => {
    const { exitCode, events } = await run(
      { cwd: tempDir(), prompt: 'Task: add a file' },
      { ORCHESTRATOR_DEMO_SCENARIO: 'malformed' },
    );
    expect(exitCode).toBe(0);
    expect(ofType(events, 'raw').map((e) => e.payload.reason)).toEqual([
      'malformed',
      'malformed',
      'malformed',
    ]);
    expect(ofType(events, 'MILESTONE')).toHaveLength(1);
    expect(ofType(events, 'result')[0]?.payload.ok).toBe(true);
  });

  it('error: ends like gemini on a 429, exit 173', async () => {
    const { exitCode, stderr, events } = await run(
      { cwd: tempDir(), prompt: 'Task: add a file' },
      { ORCHESTRATOR_DEMO_SCENARIO: 'error' },
    );
    expect(exitCode).toBe(173);
    expect(stderr).toContain('Attempt 1 failed with status 429. Retrying with backoff...');
    const errors = ofType(events, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.payload).toMatchObject({ fatal: true, code: 'unknown', httpStatus: 429 });
    expect(errors[0]?.payload.message).toMatch(/^\[API Error: Resource has been exhausted/);
    expect(ofType(events, 'result')[0]?.payload.ok).toBe(false);
  });

  it('server-error: ends like gemini on HTTP 500 (exit 244), and a resume finds no saved session (exit 42)', async () => {
    const env = { ORCHESTRATOR_DEMO_SCENARIO: 'server-error' };
    const { exitCode, stderr, events } = await run({ cwd: tempDir(), prompt: 'Task: add a file' }, env);
    expect(exitCode).toBe(244);
    expect(stderr).toContain('Attempt 1 failed with status 500. Retrying with backoff...');
    const errors = ofType(events, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.payload).toMatchObject({ fatal: true, code: 'unknown', httpStatus: 500 });
    expect(ofType(events, 'result')[0]?.payload.ok).toBe(false);

    const ref = ofType(events, 'session_ref')[0]!.payload.ref;
    const resumed = await run({ cwd: tempDir(), prompt: 'Task: continue', resumeRef: ref }, env);
    expect(resumed.exitCode).toBe(42);
    expect(resumed.stderr).toContain('Error resuming session: No previous sessions found for this project.');
    expect(resumed.events).toEqual([]);
  });

  it('slow: takes ten times as long', async () => {
    const started = Date.now();
    await run({ cwd: tempDir(), prompt: 'Task: a' }, { ORCHESTRATOR_DEMO_DELAY_MS: '10' });
    const normal = Date.now() - started;
    const slowStart = Date.now();
    const { events } = await run(
      { cwd: tempDir(), prompt: 'Task: a' },
      { ORCHESTRATOR_DEMO_DELAY_MS: '10', ORCHESTRATOR_DEMO_SCENARIO: 'slow' },
    );
    // 9 pauses of 100 ms and 5 delta pauses of 33 ms instead of 10 and 3: about 1 s more; start-up is the same.
    expect(Date.now() - slowStart).toBeGreaterThan(normal + 700);
    expect(ofType(events, 'result')[0]?.payload.ok).toBe(true);
  });

  it('hang: starts the run, then prints nothing and stays alive until killed', async () => {
    const child = spawn({ cwd: tempDir(), prompt: 'Task: a' }, { ORCHESTRATOR_DEMO_SCENARIO: 'hang' });
    const lines = await expectHangsAfter(child, 2, 300);
    expect(parse(lines).map((e) => e.type)).toEqual(['session_ref', 'message', 'error']);
  });
});
