import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * The page as axe-core sees it now: every serious or critical finding, each as "rule: target — summary",
 * so a failing test says what to fix. Lesser findings are not counted.
 */
export async function seriousAxeFindings(page: Page): Promise<string[]> {
  // Legacy mode runs axe in the page itself: the app's page is not one of a context axe could open again.
  const result = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`));
}
