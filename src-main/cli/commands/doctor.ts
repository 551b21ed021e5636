import type { Command } from 'commander';
import { BUILTIN_AGENTS } from '../../../src-shared/models';
import { loadConfig } from '../../config/load-config';
import { loginShellPath } from '../../setup/login-path';
import { probeAgent, type AgentProbe } from '../../setup/probe-agent';
import { stdoutWrite } from '../output';

interface DoctorOptions {
  json?: boolean;
  config?: string;
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('which agent CLIs are installed, where, which version, and what to do next')
    .option('--json', 'print JSON')
    .option('--config <file>', 'config file (default: the app config)')
    .action(async (options: DoctorOptions) => {
      const config = loadConfig(options.config);
      const pathEnv = await loginShellPath();
      const names = [...new Set([...BUILTIN_AGENTS, ...Object.keys(config.agents)])];
      const agents = await Promise.all(names.map((name) => probeAgent(name, config.agents[name], pathEnv)));
      if (options.json) {
        stdoutWrite(`${JSON.stringify({ agents, demoAgents: true }, null, 2)}\n`);
        return;
      }
      stdoutWrite(
        `${agents.map(describe).join('\n')}\n\nDemo agents are built in: add --demo to run without any CLI.\n`,
      );
    });
}

function describe(probe: AgentProbe): string {
  const head = probe.found
    ? `✓ ${probe.agent.padEnd(8)} ${probe.version ?? '?'}  ${probe.path}`
    : `✗ ${probe.agent.padEnd(8)} not found (${probe.command})`;
  const state = probe.enabled ? '' : '  [disabled in config]';
  return `${head}${state}${probe.next ? `\n  → ${probe.next}` : ''}`;
}
