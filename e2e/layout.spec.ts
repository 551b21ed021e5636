import type { Page } from '@playwright/test';
import { seriousAxeFindings } from './harness/axe';
import { expect, test } from './harness/fixtures';
import { screenshot } from './harness/screenshots';

// The window used well at any size, and every screen accessible: a real demo session in the built app at
// 1024×700 (the header fits, Stop in sight, the rest in a menu), panes that share the width and resize,
// focus mode, the details region folded away; axe-core finds nothing serious or critical on any screen.

const pane = (page: Page, agent: string) => page.getByRole('article', { name: `${agent} worker` });
const width = async (page: Page, agent: string) => (await pane(page, agent).boundingBox())!.width;

test('a session at 1024×700: header fits, panes share and resize, focus mode, details fold; axe on every screen', async ({
  launch,
  scratch,
}) => {
  test.setTimeout(180_000);
  const app = await launch({
    pickDirectory: scratch.makeRepo(),
    env: { ORCHESTRATOR_DEMO_SCENARIO: 'slow', ORCHESTRATOR_DEMO_DELAY_MS: '400' },
  });
  const page = app.page;
  await page.setViewportSize({ width: 1024, height: 700 });

  // New task: focus starts in the task field; the form stands centred.
  const task = page.getByLabel('Task', { exact: true });
  await expect(task).toBeFocused();
  const form = (await page.locator('form.new-task').boundingBox())!;
  expect(Math.abs(form.x + form.width / 2 - 512)).toBeLessThan(16);
  expect(await seriousAxeFindings(page)).toEqual([]);

  await task.fill(
    'Add rate limiting to every public endpoint of the API, with a configurable budget per client and clear errors',
  );
  await page.getByRole('button', { name: 'Choose…' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  for (const agent of ['claude', 'codex', 'gemini'])
    await expect(pane(page, agent).locator('.status-chip')).toHaveText(/running/, { timeout: 60_000 });

  // The header fits: the task is cut with its whole text in the tooltip, Stop is whole and in the window,
  // Pause and Resume are in the menu.
  const title = page.locator('.session-title');
  await expect(title).toHaveAttribute('title', /configurable budget per client and clear errors$/);
  expect(await title.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  const stop = page.locator('.session-header').getByRole('button', { name: 'Stop' });
  const box = (await stop.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(1024);
  expect(await stop.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expect(page.locator('.session-header').getByRole('button', { name: 'Pause all' })).toBeHidden();
  await page.getByText('More actions').click();
  await expect(page.locator('.session-header').getByRole('button', { name: 'Pause all' })).toBeVisible();
  await page.getByText('More actions').click();

  // The panes share the width and grow to fill it.
  const widths = await Promise.all(['claude', 'codex', 'gemini'].map((a) => width(page, a)));
  expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(4);
  // All of the window but its padding, the handles and a scroll bar.
  expect(widths.reduce((a, b) => a + b, 0)).toBeGreaterThan(900);
  await screenshot(page, 'narrow-1024');
  expect(await seriousAxeFindings(page)).toEqual([]);

  // Names say what is written on the control; the activity scroll area is reachable by keyboard.
  await expect(pane(page, 'claude').getByRole('button', { name: 'Diff of claude' })).toContainText('Diff');
  const activity = pane(page, 'claude').getByRole('list', { name: 'Recent activity' });
  await activity.focus();
  await expect(activity).toBeFocused();

  // Resized from the keyboard: the handle between claude and codex moves the border.
  const before = await width(page, 'claude');
  const handle = page.getByRole('separator', { name: "Resize claude's pane" });
  await handle.focus();
  for (let i = 0; i < 5; i++) await handle.press('ArrowRight');
  expect(await width(page, 'claude')).toBeGreaterThan(before + 20);

  // Focus mode: codex alone, its log beside it; then every worker again.
  await pane(page, 'codex').getByRole('button', { name: 'Focus' }).click();
  await expect(pane(page, 'claude')).toHaveCount(0);
  const log = page.getByRole('region', { name: 'Logs' });
  await expect(log.getByRole('tab', { name: 'codex' })).toHaveAttribute('aria-selected', 'true');
  const codexBox = (await pane(page, 'codex').boundingBox())!;
  const logBox = (await log.boundingBox())!;
  expect(logBox.x).toBeGreaterThan(codexBox.x + codexBox.width - 4);
  await page.getByRole('button', { name: 'Show every worker' }).click();
  await expect(pane(page, 'claude')).toBeVisible();

  // The details fold away and the panes take the height.
  const paneHeight = (await pane(page, 'claude').boundingBox())!.height;
  await page.getByRole('button', { name: 'Hide reviews, timeline & logs' }).click();
  await expect(page.getByRole('region', { name: 'Session details' })).toBeHidden();
  await expect
    .poll(async () => (await pane(page, 'claude').boundingBox())!.height)
    .toBeGreaterThan(paneHeight + 100);
  await page.getByRole('button', { name: 'Show reviews, timeline & logs' }).click();
  await expect(page.getByRole('region', { name: 'Session details' })).toBeVisible();

  // Review & merge, the sessions list and settings pass axe too.
  await page.getByRole('tab', { name: 'Review & merge' }).click();
  await expect(page.getByRole('article', { name: "claude's work" })).toBeVisible();
  expect(await seriousAxeFindings(page)).toEqual([]);
  await page.locator('.session-header').getByRole('button', { name: 'Stop' }).click();
  await page.getByRole('button', { name: 'Sessions', exact: true }).first().click();
  await expect(page.getByRole('heading', { name: /Sessions/ }).first()).toBeVisible();
  expect(await seriousAxeFindings(page)).toEqual([]);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: /Settings/ }).first()).toBeVisible();
  await screenshot(page, 'settings-form');
  expect(await seriousAxeFindings(page)).toEqual([]);
  expect(app.contractViolations).toEqual([]);
});
