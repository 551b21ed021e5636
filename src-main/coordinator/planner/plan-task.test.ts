import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentConfig, type EventDraft } from '../../../src-shared/models';
import { scratchRepo } from '../../../test/scratch-repo';
import { sh } from '../../workspace/testing';
import { templatePlan } from '../template-plan';
import { planTask, type PlanTaskOptions } from './plan-task';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const AGENTS = ['claude', 'codex', 'gemini'];
const TASK = 'add a CONTRIBUTING file';

function setup() {
  const repo = scratchRepo();
  const folder = mkdtempSync(join(tmpdir(), 'orchestrator-session-'));
  dirs.push(repo, folder);
  return { repo, folder, base: sh(repo, 'rev-parse', 'HEAD') };
}

const options = (
  over: Partial<PlanTaskOptions> & { repo: string; sessionFolder: string },
): PlanTaskOptions => ({
  task: TASK,
  agents: AGENTS,
  baseCommit: null,
  demo: false,
  pathEnv: process.env.PATH ?? '',
  ...over,
});

/** The fake planner as a configured CLI: an executable wrapper around the fixture, as a user would set one. */
function fakePlanner(mode: string) {
  const dir = mkdtempSync(join(tmpdir(), 'orchestrator-fake-planner-'));
  dirs.push(dir);
  const script = join(dir, 'fake-planner');
  const fixture = join(import.meta.dirname, 'fixtures', 'fake-planner.mjs');
  writeFileSync(script, `#!/bin/sh\nexec '${process.execPath}' '${fixture}' "$@"\n`);
  chmodSync(script, 0o755);
  const log = join(dir, 'calls.jsonl');
  const config = AgentConfig.parse({ command: script, env: { FAKE_PLANNER: mode, FAKE_PLANNER_LOG: log } });
  const calls = (): Array<{ argv: string[]; prompt: string; cwd: string }> =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { argv: string[]; prompt: string; cwd: string })
      : [];
  return { agentConfigs: { claude: config }, calls };
}

const demoConfig = (agent: string) => ({
  [agent]: AgentConfig.parse({ command: agent, env: { ORCHESTRATOR_DEMO_DELAY_MS: '5' } }),
});

describe('planTask with the demo agents', () => {
  it('gets one assignment per enabled agent from the default planner, claude', async () => {
    const { repo, folder, base } = setup();
    const events: EventDraft[] = [];
    const result = await planTask(
      options({
        repo,
        sessionFolder: folder,
        baseCommit: base,
        demo: true,
        agentConfigs: demoConfig('claude'),
        onEvent: (d) => events.push(d),
      }),
    );
    expect(result.error).toBeUndefined();
    expect(result.attempts).toBe(1);
    expect(result.breakdown.source).toBe('agent');
    expect(result.breakdown.task).toBe(TASK);
    expect(result.breakdown.assignments.map((a) => a.agent)).toEqual(AGENTS);
    expect(result.breakdown.assignments[0]!.title).toContain(TASK);
    expect(readFileSync(join(folder, 'planner', 'raw.jsonl'), 'utf8')).toContain('\\"assignments\\"');
    expect(existsSync(join(folder, 'planner', 'stderr.log'))).toBe(true);
    expect(existsSync(join(folder, 'planner-retry'))).toBe(false);
    expect(events.some((e) => e.type === 'message')).toBe(true);
    // Read-only: the planner changed nothing in the repository.
    expect(sh(repo, 'status', '--porcelain')).toBe('');
  });

  it('plans for a subset of agents with another planner', async () => {
    for (const planner of ['codex', 'gemini']) {
      const { repo, folder, base } = setup();
      const result = await planTask(
        options({
          repo,
          sessionFolder: folder,
          baseCommit: base,
          agents: ['gemini', 'codex'],
          planner,
          demo: true,
          agentConfigs: demoConfig(planner),
        }),
      );
      expect(result).toMatchObject({ attempts: 1, breakdown: { source: 'agent' } });
      expect(result.breakdown.assignments.map((a) => a.agent)).toEqual(['gemini', 'codex']);
    }
  });
});

describe('planTask with a planner that answers badly', () => {
  it('retries once with a prompt naming what was wrong, and takes the corrected plan', async () => {
    const { repo, folder, base } = setup();
    const fake = fakePlanner('invalid-then-valid');
    const result = await planTask(options({ repo, sessionFolder: folder, baseCommit: base, ...fake }));
    expect(result.error).toBeUndefined();
    expect(result.attempts).toBe(2);
    expect(result.breakdown.source).toBe('agent');
    // The fake answers in reverse order; the plan comes back in the session's order.
    expect(result.breakdown.assignments.map((a) => a.agent)).toEqual(AGENTS);
    expect(result.breakdown.assignments[2]).toEqual({
      agent: 'gemini',
      title: 'Part for gemini',
      instructions: 'Do the gemini part.',
      scope: ['gemini/'],
    });
    const calls = fake.calls();
    expect(calls).toHaveLength(2);
    expect(calls[0]!.prompt).toContain('Enabled agents: claude, codex, gemini');
    expect(calls[0]!.prompt).toContain('"assignments"');
    expect(calls[0]!.prompt).toContain('README.md');
    expect(calls[1]!.prompt.split('\n')[0]).toBe(
      'Your previous answer could not be used: its answer held no JSON object with "assignments".',
    );
    // claude's read-only plan mode, run in the repository root.
    expect(calls[0]!.argv.join(' ')).toContain('--permission-mode dontAsk --disallowedTools Write Edit');
    expect(calls[0]!.cwd).toBe(sh(repo, 'rev-parse', '--show-toplevel'));
    expect(readFileSync(join(folder, 'planner', 'raw.jsonl'), 'utf8')).toContain('\\"x\\",]');
    expect(readFileSync(join(folder, 'planner-retry', 'raw.jsonl'), 'utf8')).toContain('Part for gemini');
  });

  it('falls back to the template split when the retry names an unknown agent again', async () => {
    const { repo, folder } = setup();
    const fake = fakePlanner('unknown-agent');
    const result = await planTask(options({ repo, sessionFolder: folder, ...fake }));
    expect(result.attempts).toBe(2);
    expect(result.breakdown).toEqual(templatePlan(TASK, AGENTS));
    expect(result.error).toMatch(/^the planner \(claude\) gave no usable plan \(first: it names "copilot"/);
    expect(result.error).toMatch(
      /retry: it names "copilot", not an enabled agent .*no assignment for claude/,
    );
    expect(result.error).toMatch(/; using the template split$/);
    expect(fake.calls()[1]!.prompt).toMatch(/^Your previous answer could not be used: it names "copilot"/);
  });

  it('falls back after two answers without JSON', async () => {
    const { repo, folder } = setup();
    const fake = fakePlanner('prose');
    const result = await planTask(options({ repo, sessionFolder: folder, ...fake }));
    expect(result).toMatchObject({ attempts: 2, breakdown: { source: 'template' } });
    expect(result.error).toContain('retry: its answer held no JSON object with "assignments"');
  });

  it('stops a planner that does not answer in time, without a retry', async () => {
    const { repo, folder } = setup();
    const fake = fakePlanner('hang');
    const started = Date.now();
    const result = await planTask(options({ repo, sessionFolder: folder, timeoutMs: 400, ...fake }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({ attempts: 1, breakdown: { source: 'template' } });
    expect(result.error).toMatch(/no plan within 1 s/);
    expect(fake.calls()).toHaveLength(1);
  });

  it('uses the template when the planner is missing or unknown, launching nothing', async () => {
    const { repo, folder } = setup();
    const missing = await planTask(
      options({
        repo,
        sessionFolder: folder,
        agentConfigs: { claude: AgentConfig.parse({ command: '/nonexistent/claude' }) },
      }),
    );
    expect(missing).toMatchObject({ attempts: 0, breakdown: templatePlan(TASK, AGENTS) });
    expect(missing.error).toBe(
      'the planner (claude) gave no usable plan (/nonexistent/claude was not found on PATH); using the template split',
    );
    const unknown = await planTask(options({ repo, sessionFolder: folder, planner: 'nobody' }));
    expect(unknown).toMatchObject({
      attempts: 0,
      error: 'planner "nobody" is not a known agent; using the template split',
    });
    expect(existsSync(join(folder, 'planner'))).toBe(false);
  });
});
