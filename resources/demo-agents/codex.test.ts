import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCodexCommand } from '../../src-main/agents/codex/command';
import { createCodexParser } from '../../src-main/agents/codex/parser';
import type { CommandOptions } from '../../src-main/agents/types';
import {
  PlanJson,
  VerdictReport,
  type EventDraft,
  type EventPayloads,
  type EventType,
} from '../../src-shared/models';
import { parseAll, splitLines, uncoveredLines } from '../../test/cli-fixtures';

const SCRIPT = join(import.meta.dirname, 'codex.mjs');
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'demo-codex-'));
  temps.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the demo with exactly the argv the adapter builds for the real CLI, and parses its stdout. */
async function run(
  options: Partial<CommandOptions> & { cwd: string },
  env: Record<string, string> = {},
  spawnCwd?: string,
) {
  const { args } = buildCodexCommand({ prompt: 'add a CONTRIBUTING file', mode: 'work', ...options });
  const started = Date.now();
  const result = await execa(process.execPath, [SCRIPT, ...args], {
    cwd: spawnCwd ?? options.cwd,
    env: { ORCHESTRATOR_DEMO_DELAY_MS: '5', ...env },
    stdin: 'ignore',
    reject: false,
    stripFinalNewline: false,
  });
  const lines = splitLines(result.stdout);
  const events = parseAll(createCodexParser(), lines);
  expect(uncoveredLines(events, lines.length)).toEqual([]);
  return { result, events, lines, ms: Date.now() - started };
}

const payloads = <K extends EventType>(events: EventDraft[], type: K) =>
  events.filter((e) => e.type === type).map((e) => e.payload as EventPayloads[K]);
const finalText = (events: EventDraft[]) => payloads(events, 'result').at(-1)?.text ?? '';

describe('codex demo agent, work prompt', () => {
  it('writes a docs note in the -C directory and reports it like codex', async () => {
    const dir = tempDir();
    const elsewhere = tempDir();
    const { result, events } = await run({ cwd: dir }, {}, elsewhere);
    expect(result.exitCode).toBe(0);

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
    expect(second.result.exitCode).toBe(0);
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
    const { result, events } = await run({ cwd: dir, mode: 'review', prompt: 'add a CONTRIBUTING file' });
    expect(result.exitCode).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    expect(payloads(events, 'command').at(-1)).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(payloads(events, 'command').at(-1)?.output).toContain('Read-only file system');
    expect(payloads(events, 'BLOCKER')).toHaveLength(1);
  });

  it('tolerates flags it does not know', async () => {
    const dir = tempDir();
    const { result, events } = await run({
      cwd: dir,
      extraArgs: ['--bogus-flag', '--color=never', '-c', 'x=1'],
    });
    expect(result.exitCode).toBe(0);
    expect(payloads(events, 'file_change')).toHaveLength(1);
  });

  it('fails like codex without a prompt or with a missing -C directory', async () => {
    const noPrompt = await execa(process.execPath, [SCRIPT, 'exec', '--json'], {
      stdin: 'ignore',
      reject: false,
    });
    expect([noPrompt.exitCode, noPrompt.stdout]).toEqual([2, '']);
    const dir = tempDir();
    const missing = await run({ cwd: join(dir, 'nope') }, {}, dir);
    expect([missing.result.exitCode, missing.result.stdout]).toEqual([1, '']);
    expect(missing.result.stderr).toContain('Error: No such file or directory (os error 2)');
  });
});

describe('codex demo agent, plan and review prompts', () => {
  it('answers a planner prompt with one assignment per enabled agent and edits nothing', async () => {
    const dir = tempDir();
    const prompt =
      'Split the task. Answer with {"assignments":[...]}.\nTask: add rate limiting\nEnabled agents: claude, gemini';
    const { result, events } = await run({ cwd: dir, mode: 'plan', prompt });
    expect(result.exitCode).toBe(0);
    const fenced = /```json\n([\s\S]*?)\n```/.exec(finalText(events))?.[1] ?? '';
    const plan = PlanJson.parse(JSON.parse(fenced));
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
    const { result, events } = await run(
      { cwd: dir, mode: 'review', prompt },
      { ORCHESTRATOR_DEMO_VERDICT: verdict },
    );
    expect(result.exitCode).toBe(0);
    const report = VerdictReport.parse(JSON.parse(finalText(events)));
    expect(report.verdict).toBe(verdict);
    expect(report.findings).toHaveLength(findings);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('prints prose without JSON for the invalid verdict', async () => {
    const dir = tempDir();
    const prompt = 'Review the diff. Reply with {"verdict": ...}';
    const { events } = await run(
      { cwd: dir, mode: 'review', prompt },
      { ORCHESTRATOR_DEMO_VERDICT: 'invalid' },
    );
    expect(finalText(events)).not.toBe('');
    expect(finalText(events)).not.toContain('{');
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
    const { result, events } = await run({ cwd: tempDir() }, { ORCHESTRATOR_DEMO_SCENARIO: 'crash' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout.endsWith('\n')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'raw', payload: { reason: 'malformed' } });
    expect(payloads(events, 'result')).toEqual([]);
  });

  it('malformed: mixes in lines that are not JSON and still completes', async () => {
    const { result, events } = await run({ cwd: tempDir() }, { ORCHESTRATOR_DEMO_SCENARIO: 'malformed' });
    expect(result.exitCode).toBe(0);
    expect(payloads(events, 'raw').filter((p) => p.reason === 'malformed')).toHaveLength(3);
    expect(payloads(events, 'result')).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('error: retries a 429 five times, then fails the turn and exits 1', async () => {
    const { result, events } = await run({ cwd: tempDir() }, { ORCHESTRATOR_DEMO_SCENARIO: 'error' });
    expect(result.exitCode).toBe(1);
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
    const { args } = buildCodexCommand({ prompt: 'add a CONTRIBUTING file', mode: 'work', cwd: dir });
    const child = execa(process.execPath, [SCRIPT, ...args], {
      env: { ORCHESTRATOR_DEMO_DELAY_MS: '5', ORCHESTRATOR_DEMO_SCENARIO: 'hang' },
      stdin: 'ignore',
      reject: false,
    });
    let seen = '';
    await new Promise<void>((done) => {
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.split('\n').length > 2) done();
      });
    });
    await new Promise((done) => setTimeout(done, 400));
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    const result = await child;
    expect(result.signal).toBe('SIGTERM');
    const events = parseAll(createCodexParser(), splitLines(result.stdout));
    expect(events.map((e) => e.type)).toEqual(['session_ref', 'turn']);
    expect(existsSync(join(dir, 'docs'))).toBe(false);
  });
});
