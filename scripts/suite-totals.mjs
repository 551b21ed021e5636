// The closing count of `npm test`: every suite's passed, failed and skipped tests, and each suite held to
// a floor on the number of tests it ran.

/**
 * The fewest tests each suite must run (passed or failed; skipped ones do not count), set a little below
 * the counts of today: a suite that quietly shrinks — a stray `.only`, a file no longer collected, a
 * describe that stopped registering — fails the run instead of passing with less proven. Raise them as
 * suites grow.
 */
export const FLOORS = { vitest: 1080, e2e: 16, contract: 18 };

export class SuiteTotals {
  constructor(floors = FLOORS) {
    this.floors = floors;
    this.passed = 0;
    this.failed = 0;
    this.skipped = 0;
    /** One line per suite or check, for the log. */
    this.lines = [];
  }

  /** A check that is not a test suite (typecheck, lint, build) counts as one test. */
  check(label, ok) {
    if (ok) this.passed += 1;
    else this.failed += 1;
    this.lines.push(`${label}: ${ok ? 'ok' : 'FAILED'}`);
  }

  /** One suite's counts; fewer tests run than its floor fails the run with one line saying so. */
  suite(name, { passed, failed, skipped }) {
    this.passed += passed;
    this.failed += failed;
    this.skipped += skipped;
    this.lines.push(`${name}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    const floor = this.floors[name] ?? 0;
    if (passed + failed < floor) {
      this.failed += 1;
      this.lines.push(
        `${name}: only ${passed + failed} tests ran, fewer than its floor of ${floor} (scripts/suite-totals.mjs)`,
      );
    }
  }

  /** A suite or step that went wrong without a failed test to show for it (crashed, did not load). */
  broken(line) {
    this.failed += 1;
    this.lines.push(line);
  }

  /** The last two lines of the output: skipped, then exactly "N passed, N failed", which CI reads. */
  closing() {
    return `${this.skipped} skipped\n${this.passed} passed, ${this.failed} failed\n`;
  }
}
