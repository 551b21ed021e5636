import { describe, expect, it } from 'vitest';
import { SuiteTotals } from '../scripts/suite-totals.mjs';

describe("npm test's closing count", () => {
  it('ends with exactly "N passed, N failed", the skipped tests on the line before', () => {
    const totals = new SuiteTotals({ vitest: 2 });
    totals.check('lint', true);
    totals.suite('vitest', { passed: 3, failed: 1, skipped: 2 });
    expect(totals.closing()).toBe('2 skipped\n4 passed, 1 failed\n');
    expect(totals.lines).toEqual(['lint: ok', 'vitest: 3 passed, 1 failed, 2 skipped']);
  });

  it('fails the run when a suite ran fewer tests than its floor, skipped ones not counted', () => {
    const totals = new SuiteTotals({ e2e: 17 });
    totals.suite('e2e', { passed: 1, failed: 0, skipped: 18 });
    expect(totals.closing().split('\n').at(-2)).toBe('1 passed, 1 failed');
    expect(totals.lines.at(-1)).toBe(
      'e2e: only 1 tests ran, fewer than its floor of 17 (scripts/suite-totals.mjs)',
    );
  });

  it('holds every suite of npm test to a floor', async () => {
    const { FLOORS } = await import('../scripts/suite-totals.mjs');
    for (const suite of ['vitest', 'e2e', 'contract'] as const) expect(FLOORS[suite]).toBeGreaterThan(0);
  });
});
