import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BuiltinAgent } from '../../src-shared/models';

/**
 * The folder holding resources/demo-agents. Found by walking up from this module because it runs both from
 * source (tsx, vitest) and bundled (out/main); a packaged app points ORCHESTRATOR_RESOURCES at its copy.
 */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ORCHESTRATOR_RESOURCES) return env.ORCHESTRATOR_RESOURCES;
  let dir = import.meta.dirname;
  for (;;) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'demo-agents'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('resources/demo-agents not found; set ORCHESTRATOR_RESOURCES');
    dir = parent;
  }
}

/** A demo agent impersonating one real CLI: same argv, same stream format, no network, no key. */
export const demoAgentScript = (agent: BuiltinAgent, env: NodeJS.ProcessEnv = process.env): string =>
  join(resourcesDir(env), 'demo-agents', `${agent}.mjs`);

/**
 * How to run a demo script with the current runtime. Inside Electron, process.execPath is the Electron
 * binary, which acts as plain Node only with ELECTRON_RUN_AS_NODE.
 */
export function demoLaunch(
  agent: BuiltinAgent,
  args: string[],
): { command: string; args: string[]; env: Record<string, string> } {
  return {
    command: process.execPath,
    args: [demoAgentScript(agent), ...args],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  };
}
