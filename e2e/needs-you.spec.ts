import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { AppHarness } from './harness/app-harness';
import { expect, test } from './harness/fixtures';
import type { Scratch } from './harness/scratch';
import { seriousAxeFindings } from './harness/axe';
import { screenshot } from './harness/screenshots';

// Real demo sessions whose reviewers raise concerns or blockers (ORCHESTRATOR_DEMO_VERDICT): the policy asks
// the person, and the "Needs you" queue is where they answer. What reaches which worker is read back from
// the session's own log, as main recorded it.

interface LoggedEvent {
  seq: number;
  type: string;
  workerId?: string;
  payload: Record<string, unknown>;
}

const AGENTS = ['claude', 'codex', 'gemini'];

async function startSession(scratch: Scratch, launch: (o: object) => Promise<AppHarness>, verdict: string) {
  const app = await launch({
    pickDirectory: scratch.makeRepo(),
    env: { ORCHESTRATOR_DEMO_VERDICT: verdict, ORCHESTRATOR_DEMO_DELAY_MS: '40' },
  });
  const page = app.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByLabel('Task', { exact: true }).fill('Add rate limiting to the API');
  await page.getByRole('button', { name: 'Choose…' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('article', { name: 'claude worker' })).toBeVisible();
  return app;
}

function eventsOf(scratch: Scratch): LoggedEvent[] {
  const [sessionId] = scratch.sessionFolders();
  const file = join(scratch.workspace, sessionId!, 'events.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LoggedEvent);
}

const needsYou = (page: Page) => page.getByRole('dialog', { name: 'Needs you' });
const card = (page: Page, worker: string) =>
  needsYou(page).getByRole('article', { name: new RegExp(`^${worker} — `) });
const sessionStatus = (page: Page) => page.locator('.session-header').getByTitle('Session status');

test('a concern: each card names its worker, and an answer reaches that worker only', async ({
  launch,
  scratch,
}) => {
  test.setTimeout(150_000);
  const app = await startSession(scratch, launch, 'concern');
  const page = app.page;
  // Every worker's reviewers raise concerns: one card per worker, never two for the same one.
  for (const agent of AGENTS) await expect(card(page, agent)).toBeVisible({ timeout: 60_000 });
  await expect(needsYou(page).getByRole('article')).toHaveCount(3);
  const codex = card(page, 'codex');
  await expect(codex.getByRole('heading', { level: 3 })).toHaveText(
    /^codex — \d of \d reviewers raised concerns/,
  );
  await expect(codex.locator('.status-chip').first()).toHaveText(/Needs your answer/);
  await expect(codex.getByRole('list', { name: 'Findings on codex' })).toContainText(/\S+:\d+ medium/);
  await expect(needsYou(page)).not.toContainText(/do not receive answers|Resume anyway/);

  await screenshot(page, 'needs-you');
  await screenshot(page, 'needs-you-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'needs-you-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  const answer = 'Keep the docs note to one paragraph (answered for codex)';
  await codex.getByLabel('Your answer to codex').fill(answer);
  const before = eventsOf(scratch).length;
  await codex.getByRole('button', { name: 'Send answer to codex' }).click();
  await expect(card(page, 'codex')).toHaveCount(0);
  await expect(card(page, 'claude')).toBeVisible();

  // Main relaunched codex — and only codex — with the answer as the prompt of its own conversation.
  await expect
    .poll(() =>
      eventsOf(scratch)
        .slice(before)
        .filter((e) => e.type === 'worker_started')
        .map((e) => e.workerId),
    )
    .toContain('codex');
  const started = eventsOf(scratch)
    .slice(before)
    .filter((e) => e.type === 'worker_started');
  const toCodex = started.filter((e) => e.workerId === 'codex');
  expect(JSON.stringify(toCodex[0]!.payload.args)).toContain(answer);
  for (const event of started.filter((e) => e.workerId !== 'codex'))
    expect(JSON.stringify(event.payload.args)).not.toContain(answer);
  const control = eventsOf(scratch).find(
    (e) => e.seq > before && e.type === 'control' && e.payload.by === 'user',
  );
  expect(control?.payload).toMatchObject({ target: 'codex', choice: 'answer' });
  expect(app.contractViolations).toEqual([]);
});

test('a blocker opens the queue with its findings; the worker shows escalated; Stop ends it', async ({
  launch,
  scratch,
}) => {
  test.setTimeout(150_000);
  const app = await startSession(scratch, launch, 'blocker');
  const page = app.page;
  const escalation = needsYou(page).getByRole('article').first();
  await expect(escalation).toBeVisible({ timeout: 60_000 });
  await expect(escalation.getByRole('heading', { level: 3 })).toHaveText(
    /^\w+ — \d of \d reviewers? found a blocker/,
  );
  await expect(escalation.locator('.status-chip').first()).toHaveText(/Escalated to you/);
  await expect(escalation.getByRole('list', { name: /^Findings on / })).toContainText(/\S+:\d+ high/);
  await expect(escalation.getByRole('button', { name: 'Continue anyway' })).toBeVisible();
  const worker = (await escalation.getAttribute('data-worker'))!;
  await screenshot(page, 'needs-you-escalated');

  // Esc closes the queue; the banner and the header keep it in reach; the pane never looks done.
  await page.keyboard.press('Escape');
  await expect(needsYou(page)).toBeHidden();
  await expect(page.locator('.needs-you-banner')).toContainText(`${worker}:`);
  await expect(page.getByRole('article', { name: `${worker} worker` }).locator('.status-chip')).toHaveText(
    /escalated to you/,
  );
  await page
    .locator('.session-header')
    .getByRole('button', { name: /^Needs you \(\d\)$/ })
    .click();
  await expect(needsYou(page)).toBeVisible();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    await expect(needsYou(page).locator(':focus')).toHaveCount(1);
  }

  await needsYou(page).getByRole('button', { name: 'Stop the session' }).first().click();
  await expect(sessionStatus(page)).toHaveText(/stopped/, { timeout: 30_000 });
  await expect(needsYou(page)).toBeHidden();
  await expect(page.locator('.needs-you-banner')).toHaveCount(0);
  expect(app.contractViolations).toEqual([]);
});

test("a paused session ends from the header's Stop", async ({ launch, scratch }) => {
  test.setTimeout(150_000);
  const app = await startSession(scratch, launch, 'concern');
  const page = app.page;
  await expect(needsYou(page).getByRole('article').first()).toBeVisible({ timeout: 60_000 });
  await expect(sessionStatus(page)).toHaveText(/paused/);
  await page.keyboard.press('Escape');
  await expect(needsYou(page)).toBeHidden();
  await page.locator('.session-header').getByRole('button', { name: 'Stop the session' }).click();
  await expect(sessionStatus(page)).toHaveText(/stopped/, { timeout: 30_000 });
  await expect(page.locator('.session-header [role="alert"]')).toHaveCount(0);
  await expect(page.locator('.decision-banner')).toHaveCount(0);
  await expect(needsYou(page)).toBeHidden();
  expect(app.contractViolations).toEqual([]);
});

test('a paused session still shows its open questions after a reload and after the app is killed and started again', async ({
  launch,
  scratch,
}) => {
  test.setTimeout(180_000);
  const app = await startSession(scratch, launch, 'concern');
  let page = app.page;
  for (const agent of AGENTS) await expect(card(page, agent)).toBeVisible({ timeout: 60_000 });
  await expect(sessionStatus(page)).toHaveText(/paused/);

  // A reload opens the session again from its log: the same questions, the queue open by itself.
  await app.reload();
  for (const agent of AGENTS) await expect(card(page, agent)).toBeVisible();

  // The app goes away without a word (its page first, so nothing asks a main process that is gone), and
  // starts again: a session that was waiting for a person is still waiting, not "interrupted".
  await app.browser?.close();
  const exited = once(app.main, 'exit');
  app.main.kill('SIGKILL');
  await exited;
  const again = await launch({});
  page = again.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(async () => {
    await page.keyboard.press('Alt+S');
    await expect(page.locator('.session-item').first()).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(page.locator('.session-item').first()).toContainText('paused');
  await page.locator('.session-item').first().getByRole('button').first().click();
  for (const agent of AGENTS) await expect(card(page, agent)).toBeVisible();
  await expect(sessionStatus(page)).toHaveText(/paused/);
  // The queue of open decisions is a screen of its own for axe too.
  expect(await seriousAxeFindings(page)).toEqual([]);
});
