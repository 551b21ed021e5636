import type { Command } from 'commander';
import type { AgentDoctor } from '../../../src-shared/commands';
import { cliCore } from '../cli-core';
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
      const agents = await cliCore({ workspace: null, config: options.config }).doctor();
      if (options.json) {
        stdoutWrite(`${JSON.stringify({ agents, demoAgents: true }, null, 2)}\n`);
        return;
      }
      stdoutWrite(
        `${agents.map(describe).join('\n')}\n\nDemo agents are built in: add --demo to run without any CLI.\n`,
      );
    });
}

function describe(probe: AgentDoctor): string {
  const head = probe.found
    ? `✓ ${probe.agent.padEnd(8)} ${probe.version ?? '?'}  ${probe.path}`
    : `✗ ${probe.agent.padEnd(8)} not found (${probe.command})`;
  const state = probe.enabled ? '' : '  [disabled in config]';
  return `${head}${state}${probe.next ? `\n  → ${probe.next}` : ''}`;
}
