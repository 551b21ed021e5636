// @ts-check
// Why this exists: a long prompt reaches the CLIs on stdin, not in the argument list (where it would not fit),
// so every demo agent reads it from there the way its real CLI does.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Everything piped on stdin as UTF-8; '' when stdin is a terminal or empty (/dev/null). */
export async function readStdin() {
  if (process.stdin.isTTY) return '';
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(/** @type {Buffer} */ (chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * ORCHESTRATOR_DEMO_PROMPT_COPY names a folder where the demo keeps the prompt it received, byte for byte
 * (`<agent>-<pid>.txt`), so what reached the agent can be checked against what was sent.
 * @param {string} agent @param {string} prompt
 */
export function keepPromptCopy(agent, prompt) {
  const folder = process.env.ORCHESTRATOR_DEMO_PROMPT_COPY;
  if (folder) writeFileSync(join(folder, `${agent}-${process.pid}.txt`), prompt);
}
