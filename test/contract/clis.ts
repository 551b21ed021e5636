import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type RealCli = 'claude' | 'codex' | 'gemini';

/** A config entry of `agents.<cli>` (ARCHITECTURE §6): what a user writes to point a real CLI at a mock. */
export interface ContractAgentConfig {
  command: string;
  args: string[];
  env: Record<string, string>;
}

interface Pin {
  package: string;
  version: string;
  bin: string;
}

export const CLI_VERSIONS: Record<RealCli, Pin> = JSON.parse(
  readFileSync(join(import.meta.dirname, 'cli-versions.json'), 'utf8'),
) as Record<RealCli, Pin>;

const cacheDir = (): string =>
  process.env.ORCHESTRATOR_CLI_CACHE ?? join(homedir(), '.cache', 'orchestrator', 'clis');

/** The installed binary of a real CLI at its pinned version (see scripts/install-clis.mjs). */
export function cliBinary(cli: RealCli): string {
  const pin = CLI_VERSIONS[cli];
  const path = join(cacheDir(), `${cli}-${pin.version}`, 'node_modules', '.bin', pin.bin);
  if (!existsSync(path)) {
    throw new Error(`${pin.package}@${pin.version} is not installed: run \`node scripts/install-clis.mjs\``);
  }
  return path;
}
