import type { Command } from 'commander';
import { SessionService } from '../../coordinator/session-service';
import { defaultWorkspace } from '../../store/paths';
import { EXIT, exitCodeFor } from '../exit-codes';
import { printHumanEvents, printJsonEvents, stderrWrite, stdoutWrite } from '../output';

interface RunOptions {
  repo?: string;
  agents?: string;
  config?: string;
  demo?: boolean;
  workspace?: string;
  json?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run one task with the agents in parallel, each in its own worktree')
    .argument('<task>', 'what the agents should do')
    .option('--repo <dir>', 'the git repository to work on (required)')
    .option('--agents <list>', 'comma-separated agents, e.g. claude,codex,gemini')
    .option('--config <file>', 'config file (default: the app config)')
    .option('--demo', 'use the built-in demo agents (no CLI, no API key needed)')
    .option('--workspace <dir>', 'where session folders are written')
    .option('--json', 'print normalized events as JSONL on stdout')
    .action(async (task: string, options: RunOptions) => {
      process.exitCode = await run(task, options);
    });
}

async function run(task: string, options: RunOptions): Promise<number> {
  const service = new SessionService({
    workspace: options.workspace ?? defaultWorkspace(),
    configPath: options.config,
  });
  const { sessionId, folder } = await service.start({
    task,
    repo: options.repo ?? '',
    agents: options.agents?.split(','),
    demo: options.demo === true,
  });
  stderrWrite(`session ${sessionId}\nsession folder: ${folder}\n`);
  const print = options.json ? printJsonEvents(stdoutWrite) : printHumanEvents(stderrWrite);
  const unsubscribe = service.subscribe(sessionId, 0, print);
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    stderrWrite('stopping the agents… (press Ctrl-C again to quit at once)\n');
    void service.stopAll();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const status = await service.done(sessionId);
    stderrWrite(`session ${status}: ${folder}\n`);
    return exitCodeFor(status);
  } finally {
    unsubscribe();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
