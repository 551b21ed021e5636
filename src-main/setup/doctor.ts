import type { AgentDoctor } from '../../src-shared/commands';
import { BUILTIN_AGENTS, type OrchestratorConfig } from '../../src-shared/models';
import { resolvedPath } from './login-path';
import { probeAgent } from './probe-agent';

/**
 * The one doctor of the app, the HTTP API and `orchestrate doctor`: every built-in agent and every agent the
 * config names (a custom one included), each CLI as a session with this config would launch it — the login
 * shell's PATH, the configured command and env — found or not, version, and what to do next.
 */
export async function doctorAgents(config: OrchestratorConfig, pathEnv?: string): Promise<AgentDoctor[]> {
  const path = pathEnv ?? (await resolvedPath());
  const names = [...new Set([...BUILTIN_AGENTS, ...Object.keys(config.agents)])];
  return Promise.all(names.map((name) => probeAgent(name, config.agents[name], path)));
}
