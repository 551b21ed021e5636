import { writeFileSync } from 'node:fs';
import { expect, test } from './harness/fixtures';
import { writeLongSession } from './harness/long-session';

// The built main bundle runs in Node with `electron` doubled; the built preload and renderer run in Chromium.

/** More events than the page keeps per log (MAX_LOG_ENTRIES), so the oldest come back from disk. */
const EVENTS = 20_000;

test('a long log pages its older events and lines from disk, and searches all of them', async ({
  launch,
  scratch,
}) => {
  const session = writeLongSession(scratch.workspace, EVENTS);
  // Raw output with CRLF line ends, and a last line the crash of its CLI left without one.
  const raw = Array.from({ length: EVENTS }, (_, i) => `raw line ${i + 1}${i % 2 ? '\r' : ''}`);
  writeFileSync(session.rawPath, `${raw.join('\n')}\ntorn last li`);

  const app = await launch();
  const page = app.page;
  await page.getByRole('navigation').getByRole('button', { name: 'Sessions' }).click();
  await page.getByRole('button', { name: /a very long worker log/ }).click();
  await page.getByRole('tab', { name: 'claude' }).click();

  const filter = page.getByRole('combobox', { name: 'Filter by event type' });
  await expect(filter.locator('option').first()).toHaveText(`all events (${EVENTS})`);
  const log = page.getByRole('log', { name: 'Normalized log' });
  // Following, the view shows the newest events, which the page holds.
  await expect(log).toContainText(`(step ${EVENTS - 1})`);
  // The oldest are on disk only: scrolled to the top, the view reads them back.
  await log.evaluate((element) => (element.scrollTop = 0));
  await expect(log).toContainText('(step 1)”');

  // A search finds matches among the events on disk (through main) and those the page holds.
  const search = page.getByRole('searchbox', { name: 'Search this log' });
  const count = page.locator('.log-toolbar').getByRole('status');
  await search.fill('(step 7)');
  await expect(count).toHaveText('1 of 1');
  await expect(log.locator('.current-match')).toContainText('(step 7)”');
  await search.fill('step 19993)');
  await expect(count).toHaveText('1 of 1');
  await search.fill('');

  // The raw output: its lines counted (the torn one too), read page by page, searched in main.
  await page.getByRole('radio', { name: 'Raw' }).click();
  await expect(page.getByText(`${EVENTS + 1} lines of raw output, exactly as printed`)).toBeVisible();
  const rawView = page.getByRole('log', { name: 'Raw output' });
  // The search above stopped following; the end of the output is a scroll away.
  await rawView.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(rawView).toContainText('torn last li');
  await rawView.evaluate((element) => (element.scrollTop = 0));
  await expect(rawView.locator('.raw-row').first()).toHaveText(/^1\s*raw line 1$/);
  await search.fill('raw line 1234');
  await expect(count).toHaveText(`1 of 11`);
  await expect(rawView.locator('.current-match')).toContainText('raw line 1234');
  // A CRLF line shows without its CR, and is found like any other.
  await search.fill('raw line 20000');
  await expect(count).toHaveText('1 of 1');
  await expect(rawView.locator('.current-match')).toHaveText(/^20000\s*raw line 20000$/);

  expect(app.contractViolations).toEqual([]);
});
