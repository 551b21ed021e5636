// @ts-check
// Why this exists: every demo prints its stream and its refusals the same way, and waits for stdout to take a line.

/** Writes to stdout and resolves once the text is handed off, so a later process.exit loses nothing. @param {string} text @returns {Promise<void>} */
export const write = (text) => new Promise((done) => process.stdout.write(text, () => done()));

/** One JSONL line on stdout. @param {unknown} value */
export const writeJsonLine = (value) => write(`${JSON.stringify(value)}\n`);

/** Refuses to run the way the real CLI does: its message on stderr, its exit code. @param {string} message @param {number} exitCode */
export function refuse(message, exitCode) {
  process.stderr.write(`${message}\n`);
  process.exitCode = exitCode;
}

/** Runs the demo's main; an unexpected error ends it like a CLI's own: one "Error:" line, exit 1. @param {() => Promise<unknown>} main */
export function runMain(main) {
  main().catch((error) => {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
