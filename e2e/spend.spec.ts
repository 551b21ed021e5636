import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionSummary } from '../src-shared/models';
import { expect, test } from './harness/fixtures';
import { screenshot } from './harness/screenshots';

/** formatTokens of the page: "5k tok", "812 tok". */
const tok = (count: number): string =>
  count >= 1_000_000
    ? `${(count / 1_000_000).toFixed(1)}M tok`
    : count >= 1_000
      ? `${Math.round(count / 1_000)}k tok`
      : `${count} tok`;

test('the spend of a finished demo session: total and parts in the header, summary and sessions list, and its chart', async ({
  launch,
  scratch,
}) => {
  const repo = scratch.makeRepo();
  const app = await launch({ pickDirectory: repo });
  const page = app.page;
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByLabel('Task', { exact: true }).fill('Add a CONTRIBUTING guide');
  await page.getByRole('button', { name: 'Choose…' }).click();
  await expect(page.getByLabel('Repository')).toHaveValue(repo);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('.session-header').getByTitle('Session status')).toHaveText(/completed/, {
    timeout: 90_000,
  });

  const [sessionId] = scratch.sessionFolders();
  const summary = SessionSummary.parse(
    JSON.parse(readFileSync(join(scratch.workspace, sessionId!, 'summary.json'), 'utf8')),
  );
  const spend = summary.spend!;
  // The demo claude prices its runs; codex and gemini, like the real CLIs, report none.
  expect(spend.planner.costUsd).toBeGreaterThan(0);
  expect(spend.reviews.tokens.input).toBeGreaterThan(0);
  const cents = `$${spend.total.costUsd!.toFixed(2)}`;

  // The header: the total to the cent, marked as leaving the unpriced agents out; its parts on demand.
  const figure = page.locator('.session-header').getByRole('button', { name: /^Spend / });
  await expect(figure).toHaveText(`Spend ${cents} + unpriced ▾`);
  await figure.click();
  const details = page.getByRole('dialog', { name: 'Spend of this session' });
  await expect(details).toBeVisible();
  for (const [label, part] of [
    ['Workers', spend.workers],
    ['Planner', spend.planner],
    ['Reviews', spend.reviews],
    ['Total', spend.total],
  ] as const) {
    const row = details.getByRole('row', { name: new RegExp(`^${label}`) });
    await expect(row).toContainText(tok(part.tokens.input));
    await expect(row).toContainText(tok(part.tokens.output));
    await expect(row).toContainText(
      part.costUsd === null ? 'no price reported' : `$${part.costUsd.toFixed(2)}`,
    );
  }
  await expect(details).toContainText('codex, gemini report no price');
  // The chart is uPlot's canvas, drawn from the session's usage reports.
  const canvas = details.locator('.spend-chart-canvas canvas');
  await expect(canvas).toBeVisible();
  const box = await canvas.boundingBox();
  expect(box!.width).toBeGreaterThan(200);
  await expect(details.getByRole('img', { name: /^Spend over time: \d+ reports, now \$/ })).toBeVisible();
  await screenshot(page, 'cost');
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();

  // The summary: the same total, what each worker's reviews cost, and the chart again.
  const summaryPanel = page.getByRole('region', { name: /Summary/ });
  await expect(summaryPanel.locator('.summary-line')).toContainText(`${cents} + unpriced in all`);
  const claudeReviews = summary.workers.find((w) => w.workerId === 'claude')!.reviewSpend!;
  await expect(summaryPanel.getByRole('row', { name: /^claude/ })).toContainText(
    tok(claudeReviews.tokens.input + claudeReviews.tokens.output),
  );
  await expect(summaryPanel.locator('.spend-chart-canvas canvas')).toBeVisible();

  // The sessions list: the total with its parts.
  await page
    .getByRole('button', { name: /Back to the sessions list|Sessions/ })
    .first()
    .click();
  const item = page.locator(`[data-session="${sessionId}"]`);
  await expect(item).toContainText(`${cents} + unpriced (workers `);
  await expect(item).toContainText(`planner $${spend.planner.costUsd!.toFixed(2)}`);
  expect(app.contractViolations).toEqual([]);
});
