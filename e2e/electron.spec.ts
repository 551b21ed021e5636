import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron as electron } from '@playwright/test';
import { expect, test } from './harness/fixtures';

/** The electron package exports the binary's path, and throws when the download was skipped. */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const SKIP_REASON =
  'No Electron binary on this machine (the install skipped its download), so the real shell cannot start; ' +
  'app.spec.ts runs the same flow against the built bundles with Electron doubled. ' +
  'To run this spec: node node_modules/electron/install.js';

// The list reporter does not print skip reasons, and this one should be seen in every run's log.
if (binary === null) console.warn(`electron.spec.ts skipped: ${SKIP_REASON}`);
test.skip(binary === null, SKIP_REASON);

test('the real app starts a demo session and shows three completed workers', async ({ scratch }) => {
  const repo = scratch.makeRepo();
  const app = await electron.launch({
    executablePath: binary!,
    args: [join(import.meta.dirname, '..'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    // On Linux, appData is XDG_CONFIG_HOME: keeps this run's sessions out of the person's own.
    env: { ...process.env, XDG_CONFIG_HOME: scratch.appData },
  });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('Orchestrator');
    // Sandboxed, isolated page: no Node in sight, only the contract's bridge.
    expect(
      await page.evaluate(() => {
        const g = globalThis as { require?: unknown; process?: unknown; orchestrator?: { session?: object } };
        return [typeof g.require, typeof g.process, typeof g.orchestrator?.session];
      }),
    ).toEqual(['undefined', 'undefined', 'object']);

    await page.getByLabel('Task', { exact: true }).fill('Add a CONTRIBUTING guide');
    await page.getByLabel('Repository').fill(repo);
    await page.getByRole('button', { name: 'Start' }).click();
    for (const agent of ['claude', 'codex', 'gemini']) {
      const pane = page.getByRole('article', { name: `${agent} worker` });
      await expect(pane.locator('.status-chip')).toHaveText(/completed/, { timeout: 60_000 });
      await expect(
        pane.getByRole('list', { name: 'Recent activity' }).getByText(/^▲ Milestone: /),
      ).toBeVisible();
    }
  } finally {
    await app.close();
  }
});
