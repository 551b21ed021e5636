// @ts-check
// Why this exists: ORCHESTRATOR_DEMO_SCENARIO and ORCHESTRATOR_DEMO_DELAY_MS mean the same for every demo agent.
import { write } from './output.mjs';

/** normal | slow | crash | malformed | error | hang; anything else plays like normal. */
export const scenario = process.env.ORCHESTRATOR_DEMO_SCENARIO || 'normal';

const DEFAULT_DELAY_MS = 150;
const configured = process.env.ORCHESTRATOR_DEMO_DELAY_MS
  ? Number(process.env.ORCHESTRATOR_DEMO_DELAY_MS)
  : NaN;

/** The pause between two events: ORCHESTRATOR_DEMO_DELAY_MS (150 when unset or not a number ≥ 0), ten times longer when slow. */
export const delayMs =
  (Number.isFinite(configured) && configured >= 0 ? configured : DEFAULT_DELAY_MS) *
  (scenario === 'slow' ? 10 : 1);

/** Waits `ms` milliseconds. @param {number} ms */
export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** The hang scenario: prints nothing more and stays alive until killed. @returns {Promise<never>} */
export function hangForever() {
  setInterval(() => {}, 1 << 30);
  return new Promise(() => {});
}

/** The crash scenario: a torn line without its newline, then exit 1, as a killed process leaves it. @param {string} partial */
export async function tearAndExit(partial) {
  await write(partial);
  process.exit(1);
}
