import { BUILTIN_AGENTS } from '../../src-shared/models';
import type { AgentDoctor } from '../../src-shared/ipc/contract';
import { loadConfigOrDefaults } from '../config/save-config';
import { resolvedPath } from '../setup/login-path';
import { probeAgent } from '../setup/probe-agent';

/**
 * Doctor for the new-task screen: each built-in CLI as the next session would launch it (the config on disk
 * now, the login shell's PATH), so what the form says is what will happen.
 */
export async function doctorAgents(configPath: string): Promise<AgentDoctor[]> {
  const config = loadConfigOrDefaults(configPath);
  const pathEnv = await resolvedPath();
  return Promise.all(BUILTIN_AGENTS.map((agent) => probeAgent(agent, config.agents[agent], pathEnv)));
}
