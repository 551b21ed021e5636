import { Option, type Command } from 'commander';
import { SessionService } from '../../coordinator/session-service';
import { defaultWorkspace } from '../../store/paths';
import { followSession } from '../follow-session';
import { addServeOptions, serveIfAsked } from './serve';

interface RunOptions {
  serve?: boolean;
  port?: string;
  plan?: string;
  review?: boolean;
  answer?: string;
  repo?: string;
  agents?: string;
  config?: string;
  demo?: boolean;
  workspace?: string;
  json?: boolean;
}

export function registerRun(program: Command): void {
  const run = program
    .command('run')
    .description('run one task with the agents in parallel, each in its own worktree')
    .argument('<task>', 'what the agents should do')
    .option('--repo <dir>', 'the git repository to work on (required)')
    .option('--agents <list>', 'comma-separated agents, e.g. claude,codex,gemini')
    .option('--config <file>', 'config file (default: the app config)')
    .option('--demo', 'use the built-in demo agents (no CLI, no API key needed)')
    .option('--workspace <dir>', 'where session folders are written')
    .option('--json', 'print normalized events as JSONL on stdout')
    .addOption(
      new Option('--plan <mode>', 'agent: the planner agent splits the task; template: the built-in split')
        .choices(['agent', 'template'])
        .default('agent'),
    )
    .option('--no-review', 'no peer review in this session');
  addServeOptions(run).action(async (task: string, options: RunOptions) => {
    const service = new SessionService({
      workspace: options.workspace ?? defaultWorkspace(),
      configPath: options.config,
    });
    const session = await service.start({
      task,
      repo: options.repo ?? '',
      agents: options.agents?.split(','),
      demo: options.demo === true,
      plan: options.plan === 'template' ? 'template' : 'agent',
      review: options.review !== false,
    });
    // With --serve the HTTP API and dashboard watch this session too, until it ends.
    const server = await serveIfAsked(service, options);
    try {
      process.exitCode = await followSession(service, session, options.json === true);
    } finally {
      await server?.close();
    }
  });

  program
    .command('resume')
    .description(
      'continue an interrupted, stopped or failed session: unfinished agents resume where they were',
    )
    .argument('<id>', 'session id (see `orchestrate sessions`)')
    .option('--config <file>', 'config file (default: the app config)')
    .option('--workspace <dir>', 'where session folders are')
    .option('--json', 'print normalized events as JSONL on stdout (the whole log, then the new events)')
    .option('--answer <text>', 'the answer to the question a paused session asked (exit code 4)')
    .action(async (id: string, options: Omit<RunOptions, 'repo' | 'agents' | 'demo'>) => {
      const service = new SessionService({
        workspace: options.workspace ?? defaultWorkspace(),
        configPath: options.config,
      });
      const session = await service.resume(id, options.answer);
      process.exitCode = await followSession(service, session, options.json === true);
    });
}
