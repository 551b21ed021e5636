import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Event, type RecoveryAction } from '../../src-shared/models';
import { splitLines } from '../cli-fixtures';
import { scratchRepo } from '../scratch-repo';
import { claudeContractAgentConfig, startAnthropicMock, type MockScenario } from './claude-setup';
import { codexContractAgentConfig, loadOpenAiMock } from './codex-setup';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Run {
  exitCode: number | undefined;
  events: Event[];
  recoveries: RecoveryAction[];
  launches: string[][];
}

/** `orchestrate run` with one real CLI configured as a user would, plus limits that keep retries short. */
async function run(agent: string, agentConfig: object, repo: string, dir: string): Promise<Run> {
  const config = join(dir, 'cfg.json');
  writeFileSync(config, JSON.stringify({ agents: { [agent]: agentConfig }, limits: { maxBackoffSec: 1 } }));
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
      '--agents',
      agent,
      '--json',
      '--plan',
      'template',
      '--workspace',
      join(dir, 'ws'),
    ],
    { cwd: root, reject: false, stdin: 'ignore' },
  );
  const events = splitLines(String(result.stdout)).map((line) => Event.parse(JSON.parse(line)));
  return {
    exitCode: result.exitCode,
    events,
    recoveries: events.flatMap((e) => (e.type === 'recovery_action' ? [e.payload.action] : [])),
    launches: events.flatMap((e) => (e.type === 'worker_started' ? [e.payload.args] : [])),
  };
}

async function claudeMock(scenario: MockScenario) {
  const mock = await startAnthropicMock({ scenario });
  cleanup.push(() => mock.close());
  return mock;
}

describe('recovery with the real CLIs', () => {
  it('codex in a directory that is not a git repository completes: the known refusal is avoided up front', async () => {
    const mock = await (await loadOpenAiMock()).startMock();
    cleanup.push(() => mock.close());
    const dir = tempDir('orchestrator-recovery-codex-');
    const plain = tempDir('orchestrator-plain-');
    const result = await run('codex', codexContractAgentConfig(mock.url, dir), plain, dir);
    expect(result.exitCode).toBe(0);
    expect(result.launches).toHaveLength(1);
    expect(result.launches[0]).toContain('--skip-git-repo-check');
    expect(result.recoveries).toEqual([]);
    const prepared = result.events.find((e) => e.type === 'notice' && e.payload.code === 'launch_prepared');
    expect(prepared).toMatchObject({
      payload: { message: expect.stringContaining('--skip-git-repo-check') },
    });
    expect(readFileSync(join(plain, 'codex-work.md'), 'utf8')).toContain('CONTRIBUTING');
  });

  it('claude configured with --dangerously-skip-permissions as root completes with a permission mode that works', async () => {
    expect(process.getuid?.(), 'this case needs root, as CI runs').toBe(0);
    const mock = await claudeMock('ok');
    const dir = tempDir('orchestrator-recovery-root-');
    const repo = scratchRepo();
    cleanup.push(() => rmSync(repo, { recursive: true, force: true }));
    const base = claudeContractAgentConfig(mock.url, dir);
    const result = await run('claude', { ...base, args: ['--dangerously-skip-permissions'] }, repo, dir);
    expect(result.exitCode).toBe(0);
    expect(result.recoveries.map((a) => [a.kind, a.errorId])).toEqual([['relaunch', 'claude-root-bypass']]);
    expect(result.launches[0]).toContain('--dangerously-skip-permissions');
    expect(result.launches[1]).not.toContain('--dangerously-skip-permissions');
    expect(result.launches[1]!.join(' ')).toContain('--permission-mode acceptEdits');
  });

  it('a burst of 429s ends in success through backoff and resume', async () => {
    const mock = await claudeMock('burst429');
    const dir = tempDir('orchestrator-recovery-429-');
    const repo = scratchRepo();
    cleanup.push(() => rmSync(repo, { recursive: true, force: true }));
    const result = await run('claude', claudeContractAgentConfig(mock.url, dir), repo, dir);
    expect(result.exitCode).toBe(0);
    expect(result.recoveries.length).toBeGreaterThanOrEqual(1);
    expect(result.recoveries.every((a) => a.kind === 'backoff' && a.errorId === 'claude-rate-limited')).toBe(
      true,
    );
    expect(result.events.some((e) => e.type === 'worker_status' && e.payload.status === 'rate_limited')).toBe(
      true,
    );
    expect(result.events.at(-1)).toMatchObject({ type: 'session_status', payload: { status: 'completed' } });
  });

  it('an unauthenticated CLI ends setup_required with the fix named, without retrying', async () => {
    const mock = await claudeMock('http401');
    const dir = tempDir('orchestrator-recovery-401-');
    const repo = scratchRepo();
    cleanup.push(() => rmSync(repo, { recursive: true, force: true }));
    const result = await run('claude', claudeContractAgentConfig(mock.url, dir), repo, dir);
    expect(result.exitCode).toBe(1);
    expect(result.launches).toHaveLength(1);
    expect(result.recoveries).toMatchObject([
      { kind: 'setup_required', errorId: 'claude-not-authenticated' },
    ]);
    expect(result.recoveries[0]!.hint).toMatch(/ANTHROPIC_API_KEY|log in/);
    const status = result.events.filter((e) => e.type === 'worker_status').at(-1);
    expect(status).toMatchObject({ payload: { status: 'setup_required' } });
    expect(mock.requests.filter((r) => r.path.startsWith('/v1/messages'))).toHaveLength(1);
  });
});
