import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentDoctor, Envelope, OrchestratorApi } from '../src-shared/ipc/contract';
import type { SessionState } from '../src-shared/models';
import { expect, test } from './harness/fixtures';

/** The page's global, as the preload exposes it. */
type Page = { orchestrator: OrchestratorApi };

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

/** The person's side of the repository: their branch, their files. */
const userSide = (repo: string) => ({
  head: git(repo, 'rev-parse', 'HEAD'),
  branch: git(repo, 'symbolic-ref', 'HEAD'),
  status: git(repo, 'status', '--porcelain', '--untracked-files=all'),
});

test('the app shows a custom agent of config.json in its doctor, and Delete removes an ended session’s worktree and branch after saying what will go', async ({
  launch,
  scratch,
}) => {
  test.setTimeout(120_000);
  // The app's own config file, with a custom agent (not enabled, so sessions run the demo agents only).
  const cli = join(scratch.root, 'my-agent');
  writeFileSync(cli, '#!/bin/sh\necho "my-agent 4.5.6"\n');
  chmodSync(cli, 0o755);
  const userData = join(scratch.appData, 'Orchestrator');
  mkdirSync(userData, { recursive: true });
  writeFileSync(
    join(userData, 'config.json'),
    JSON.stringify({
      agents: { mine: { command: cli, format: 'claude-stream-json', enabled: false } },
    }),
  );
  const repo = scratch.makeRepo();
  const app = await launch({ env: { ORCHESTRATOR_DEMO_DELAY_MS: '20' } });
  const page = app.page;

  const doctor = (await page.evaluate(() =>
    (globalThis as unknown as Page).orchestrator.agents.doctor(undefined),
  )) as Envelope<AgentDoctor[]>;
  expect(doctor.ok).toBe(true);
  const agents = doctor.ok ? doctor.value : [];
  expect(agents.map((a) => a.agent)).toEqual(['claude', 'codex', 'gemini', 'mine']);
  expect(agents.find((a) => a.agent === 'mine')).toMatchObject({
    found: true,
    version: '4.5.6',
    enabled: false,
  });

  const started = await page.evaluate(
    (repoPath) =>
      (globalThis as unknown as Page).orchestrator.session.start({
        task: 'add a changelog',
        repo: repoPath,
        agents: ['codex'],
        demo: true,
        plan: 'template',
        review: false,
      }),
    repo,
  );
  if (!started.ok) throw new Error(started.error.message);
  const { sessionId } = started.value;
  const before = userSide(repo);
  const stateOf = async () => {
    const state = await page.evaluate(
      (id) => (globalThis as unknown as Page).orchestrator.session.state({ sessionId: id }),
      sessionId,
    );
    return state.ok ? (state.value as SessionState) : null;
  };
  await expect.poll(async () => (await stateOf())?.status, { timeout: 60_000 }).toBe('completed');
  const worktree = join(scratch.workspace, sessionId, 'worktrees', 'codex');
  const branch = `orchestrator/${sessionId}/codex`;
  expect(existsSync(worktree)).toBe(true);

  await page.getByRole('navigation').getByRole('button', { name: 'Sessions' }).click();
  const row = page.locator(`[data-session="${sessionId}"]`);
  await row.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: /Delete this session's worktrees and branches/ });
  await expect(dialog.getByRole('list', { name: 'What will be removed' })).toContainText(
    `codex: worktree ${worktree} and branch ${branch}`,
  );
  // Esc closes it and nothing goes.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(existsSync(worktree)).toBe(true);

  await row.getByRole('button', { name: 'Delete…' }).click();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  // The demo agent left its file uncommitted: kept, and the answer says why.
  await expect(dialog.getByRole('list', { name: 'Kept' })).toContainText(
    'codex: its worktree has uncommitted changes',
  );
  expect(existsSync(worktree)).toBe(true);

  await dialog.getByRole('button', { name: /Delete anyway/ }).click();
  await expect(dialog.getByRole('list', { name: 'Removed' })).toContainText(
    `codex: worktree and branch ${branch}`,
  );
  expect(existsSync(worktree)).toBe(false);
  expect(git(repo, 'for-each-ref', '--format=%(refname:short)', `refs/heads/${branch}`)).toBe('');
  expect(userSide(repo)).toEqual(before);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  // The session and its log stay listed.
  await expect(row).toBeVisible();
});

test('Delete is not offered for a session at work', async ({ launch, scratch }) => {
  test.setTimeout(90_000);
  const repo = scratch.makeRepo();
  const app = await launch({ env: { ORCHESTRATOR_DEMO_DELAY_MS: '1500' } });
  const page = app.page;
  const started = await page.evaluate(
    (repoPath) =>
      (globalThis as unknown as Page).orchestrator.session.start({
        task: 'add a changelog',
        repo: repoPath,
        agents: ['codex'],
        demo: true,
        plan: 'template',
        review: false,
      }),
    repo,
  );
  if (!started.ok) throw new Error(started.error.message);
  const { sessionId } = started.value;
  await page.getByRole('navigation').getByRole('button', { name: 'Sessions' }).click();
  const row = page.locator(`[data-session="${sessionId}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByRole('button', { name: 'Delete…' })).toHaveCount(0);
  // The core refuses it too, whoever asks.
  const refused = await page.evaluate(
    (id) => (globalThis as unknown as Page).orchestrator.session.delete({ sessionId: id }),
    sessionId,
  );
  expect(refused).toMatchObject({ ok: false, error: { code: 'session_running' } });
  await page.evaluate(
    (id) => (globalThis as unknown as Page).orchestrator.session.control({ sessionId: id, command: 'stop' }),
    sessionId,
  );
});
