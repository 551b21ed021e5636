import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './harness/fixtures';
import { screenshot } from './harness/screenshots';

// A real demo session in which one reviewer (claude) raises concerns with findings and the others approve
// (one concern of two: a warning, nothing to wait for), run to its end; then the Review & merge screen
// merges one worker into the user's branch through the core merge, and a conflict the user made meanwhile
// is refused with its reason. What git holds is read from the repository.

const git = (repo: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@orchestrator.invalid', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();

const sessionStatus = (page: Page) => page.locator('.session-header').getByTitle('Session status');
const card = (page: Page, worker: string) => page.getByRole('article', { name: `${worker}'s work` });

test('review & merge: verdicts, findings inline, a clean merge lands and a conflict is refused with why', async ({
  launch,
  scratch,
}) => {
  test.setTimeout(240_000);
  const repo = scratch.makeRepo();
  const branch = git(repo, 'symbolic-ref', '--short', 'HEAD');
  // The app's own config: claude reviews with concerns, codex and gemini approve.
  const userData = join(scratch.appData, 'Orchestrator');
  mkdirSync(userData, { recursive: true });
  const verdict = (v: string) => ({ env: { ORCHESTRATOR_DEMO_VERDICT: v } });
  writeFileSync(
    join(userData, 'config.json'),
    JSON.stringify({
      agents: {
        claude: { command: 'claude', ...verdict('concern') },
        codex: { command: 'codex', ...verdict('approve') },
        gemini: { command: 'gemini', ...verdict('approve') },
      },
    }),
  );
  const app = await launch({ pickDirectory: repo, env: { ORCHESTRATOR_DEMO_DELAY_MS: '40' } });
  const page = app.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByLabel('Task', { exact: true }).fill('Add a CONTRIBUTING file');
  await page.getByRole('button', { name: 'Choose…' }).click();
  await page.getByRole('button', { name: 'Start' }).click();

  await expect(sessionStatus(page)).toHaveText(/completed/, { timeout: 150_000 });

  // The person's checkout has work of its own: none of it may be touched by a merge.
  appendFileSync(join(repo, 'README.md'), 'a line the person is still writing\n');
  writeFileSync(join(repo, 'scratch-notes.txt'), 'not committed\n');
  const statusBefore = git(repo, 'status', '--porcelain');
  const headBefore = git(repo, 'rev-parse', 'HEAD');

  await page.getByRole('button', { name: 'Review & merge' }).first().click();
  await expect(page.getByRole('tab', { name: 'Review & merge' })).toHaveAttribute('aria-selected', 'true');
  for (const agent of ['claude', 'codex', 'gemini']) {
    const work = card(page, agent);
    await expect(work.getByTestId('merge-badge')).toHaveText(/merges cleanly/);
    await expect(work.getByLabel(`Verdicts on ${agent}`)).toContainText(
      agent === 'claude' ? /approve/ : /concern/,
    );
    await expect(work.getByRole('button', { name: `Merge into ${branch}` })).toHaveAttribute(
      'aria-disabled',
      'false',
    );
  }
  await expect(card(page, 'claude')).toContainText(/1 file \+\d+ −0/);
  // codex's finding is on a file it did not change: shown apart, not lost.
  await card(page, 'codex').getByRole('button', { name: 'Show changes' }).click();
  await expect(
    page
      .getByRole('region', { name: "codex's changes" })
      .getByRole('list', { name: 'Findings not on a changed file of codex' }),
  ).toContainText(/claude: README\.md:1 medium/);

  // gemini's changes, with claude's finding on CHANGELOG.md:1 beside that line of the diff.
  await card(page, 'gemini').getByRole('button', { name: 'Show changes' }).click();
  const changes = page.getByRole('region', { name: "gemini's changes" });
  await expect(changes.getByRole('list', { name: 'Changed files of gemini' })).toContainText('CHANGELOG.md');
  const inline = changes.getByRole('list', { name: 'Findings at CHANGELOG.md:1' });
  await expect(inline).toContainText(/^claude: CHANGELOG\.md:1 medium /);
  await expect(inline.locator('xpath=ancestor::table')).toHaveCount(1);
  await changes.getByRole('radio', { name: 'Side by side' }).click();
  await expect(changes.locator('table.diff-split')).toBeVisible();
  await expect(changes.getByRole('list', { name: 'Findings at CHANGELOG.md:1' })).toBeVisible();
  await changes.getByRole('radio', { name: 'Unified' }).click();
  await expect(changes.locator('table.diff-unified')).toBeVisible();
  await screenshot(page, 'review-merge');

  // Meanwhile the person commits a CHANGELOG of their own: gemini's now conflicts with it. The screen
  // still shows the figures it read before; the core's merge checks again and refuses, saying why.
  writeFileSync(join(repo, 'CHANGELOG.md'), '# Changelog\n\n- the person’s own entry\n');
  git(repo, 'add', 'CHANGELOG.md');
  git(repo, 'commit', '-qm', 'changelog of my own');
  const headWithChangelog = git(repo, 'rev-parse', 'HEAD');
  const [sessionId] = scratch.sessionFolders();
  const gemini = card(page, 'gemini');
  await gemini.getByRole('button', { name: `Merge into ${branch}` }).click();
  await expect(gemini.getByRole('alert')).toHaveText(
    `Not merged: orchestrator/${sessionId}/gemini conflicts with ${branch} in CHANGELOG.md; nothing was merged`,
  );
  await expect(gemini.getByTestId('merge-badge')).toHaveText('✕conflicts: CHANGELOG.md');
  await expect(gemini.getByRole('button', { name: `Merge into ${branch}` })).toHaveAttribute(
    'aria-disabled',
    'true',
  );
  expect(git(repo, 'rev-parse', 'HEAD')).toBe(headWithChangelog);

  // claude's merge lands on the person's branch, and nothing else in the checkout moves.
  const claude = card(page, 'claude');
  await claude.getByRole('button', { name: `Merge into ${branch}` }).click();
  await expect(claude.getByRole('status')).toContainText(
    new RegExp(`^orchestrator/${sessionId}/claude: merged into ${branch} as [0-9a-f]{12}`),
  );
  await expect(claude.getByTestId('merge-badge')).toHaveText(`✓merged into ${branch}`);
  expect(git(repo, 'symbolic-ref', '--short', 'HEAD')).toBe(branch);
  expect(git(repo, 'rev-parse', 'HEAD^1')).toBe(headWithChangelog);
  expect(git(repo, 'merge-base', '--is-ancestor', headBefore, 'HEAD')).toBe('');
  expect(git(repo, 'ls-tree', '--name-only', 'HEAD')).toContain('CONTRIBUTING.md');
  expect(git(repo, 'diff', '--name-only', 'HEAD^1', 'HEAD')).toBe('CONTRIBUTING.md');
  expect(git(repo, 'status', '--porcelain')).toBe(statusBefore);
  expect(readFileSync(join(repo, 'README.md'), 'utf8')).toContain('a line the person is still writing');

  // Copy and Open go through main: the branch's name on the clipboard, the worker's own worktree opened.
  await claude.getByRole('button', { name: 'Copy branch name' }).click();
  await expect(claude.getByRole('status')).toHaveText(`Copied orchestrator/${sessionId}/claude`);
  expect((await app.probe()).clipboard).toBe(`orchestrator/${sessionId}/claude`);
  await claude.getByRole('button', { name: 'Open worktree' }).click();
  const stored = JSON.parse(readFileSync(join(scratch.workspace, sessionId!, 'session.json'), 'utf8')) as {
    workers: { workerId: string; cwd: string }[];
  };
  const cwd = stored.workers.find((w) => w.workerId === 'claude')!.cwd;
  await expect(claude.getByRole('status')).toHaveText(`Opened ${cwd}`);
  expect((await app.probe()).openedPaths).toEqual([cwd]);
  expect(app.contractViolations).toEqual([]);
});
