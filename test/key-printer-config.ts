import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLANTED } from './fuzz/planted-secrets';

const printer = join(import.meta.dirname, 'fixtures', 'processes', 'key-printer.mjs');

/**
 * Writes `ws`/config.json whose agents c, x and g run the key printer (every planted key, in the claude,
 * codex and gemini formats) as a configured CLI would be: an executable wrapper in a folder of
 * `tempDir`'s. Returns the config's path.
 */
export function writeKeyPrinterConfig(tempDir: (prefix: string) => string, ws: string): string {
  const command = join(tempDir('orchestrator-printer-'), 'key-printer');
  writeFileSync(command, `#!/bin/sh\nexec '${process.execPath}' '${printer}' "$@"\n`, { mode: 0o755 });
  const agent = (cli: string, format: string) => ({
    command,
    format,
    env: { PRINT_FORMAT: cli, [PLANTED.env.name]: PLANTED.env.value },
  });
  const config = join(ws, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      agents: {
        c: agent('claude', 'claude-stream-json'),
        x: agent('codex', 'codex-exec-json'),
        g: agent('gemini', 'gemini-stream-json'),
      },
      limits: { maxRecoveries: 0 },
      // The recorded claude session writes to its recording machine's path: logged, not paused.
      security: { rules: { 'write-outside-worktree': 'log' } },
    }),
  );
  return config;
}
