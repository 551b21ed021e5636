import { BUILTIN_AGENTS, type OrchestratorConfig } from '../../src-shared/models';
import { resolvedPath } from '../setup/login-path';
import { probeAgent } from '../setup/probe-agent';
import type { DoctorProbe } from './routes/session-routes';

/**
 * Every built-in and configured agent's CLI as a session would launch it (this config, the login shell's
 * PATH): found, version, what to do next — what `orchestrate doctor` says, for the dashboard.
 */
export const agentDoctor =
  (config: OrchestratorConfig): DoctorProbe =>
  async () => {
    const pathEnv = await resolvedPath();
    const names = [...new Set([...BUILTIN_AGENTS, ...Object.keys(config.agents)])];
    return Promise.all(names.map((name) => probeAgent(name, config.agents[name], pathEnv)));
  };
