import { Option, type Command } from 'commander';
import { workspaceOption } from '../workspace-option';
import { relative, isAbsolute } from 'node:path';
import type { SessionState } from '../../../src-shared/models';
import { openDecisionsOf } from '../../../src-shared/state/oversight';
import { UserInputError } from '../../coordinator/errors';
import { describeStoreFault } from '../../coordinator/session';
import type { SessionService } from '../../coordinator/session-service';
import { DecideRequest, ResumeRequest, StartSessionRequest } from '../../../src-shared/commands';
import { cliCore, parseRequest } from '../cli-core';
import { storeFault } from '../../store/append-file';
import { EXIT } from '../exit-codes';
import { followSession } from '../follow-session';
import { taskFrom } from '../task-input';
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
  taskFile?: string;
}

export function registerRun(program: Command): void {
  const run = program
    .command('run')
    .description('run one task with the agents in parallel, each in its own worktree')
    .argument('[task]', 'what the agents should do (or --task-file)')
    .option(
      '--task-file <file>',
      'read the task from a file, - for stdin (for a task too long for one argument)',
    )
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
  addServeOptions(run).action(async (inline: string | undefined, options: RunOptions) => {
    const task = await taskFrom(inline, options.taskFile, process.stdin);
    const workspace = workspaceOption(options.workspace);
    // The service's start also mends sessions a crash left: it writes to the workspace too.
    const started = await unwritableAtStart(workspace, async () => {
      const core = cliCore({ workspace, config: options.config });
      const request = parseRequest(StartSessionRequest, {
        task,
        repo: options.repo ?? '',
        ...(options.agents !== undefined ? { agents: agentList(options.agents) } : {}),
        demo: options.demo === true,
        plan: options.plan === 'template' ? 'template' : 'agent',
        review: options.review !== false,
      });
      const session = await core.start(request);
      return { service: core.service(), session };
    });
    if (!started) return;
    const { service, session } = started;
    // With --serve the HTTP API and dashboard watch this session too, until it ends.
    const server = await serveIfAsked(service, options, { session: session.sessionId });
    try {
      process.exitCode = await follow(service, session, options.json === true);
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
    .option('--worker <id>', 'the worker the answer is for (needed when several questions are open)')
    .action(async (id: string, options: ResumeOptions) => {
      const workspace = workspaceOption(options.workspace);
      if (options.worker !== undefined && options.answer === undefined)
        throw new UserInputError('--worker names whom an --answer is for: give the --answer too');
      const started = await unwritableAtStart(workspace, async () => {
        const core = cliCore({ workspace, config: options.config });
        if (options.answer === undefined) {
          const session = await core.resume(parseRequest(ResumeRequest, { sessionId: id }));
          return { service: core.service(), session };
        }
        const state = core.service().state(id);
        if (!state) throw new UserInputError(`no session ${id}`, 'not_found');
        const request = parseRequest(DecideRequest, {
          sessionId: id,
          workerId: options.worker ?? onlyQuestion(state),
          choice: 'answer',
          answer: options.answer,
        });
        const { resumed } = await core.decide(request);
        return { service: core.service(), session: resumed! };
      });
      if (!started) return;
      const { service, session } = started;
      process.exitCode = await follow(service, session, options.json === true);
    });
}

type ResumeOptions = Omit<RunOptions, 'repo' | 'agents' | 'demo'> & { answer?: string; worker?: string };

/** `--agents a,b`: the names, trimmed; a list that names none is refused as the core refuses it. */
function agentList(text: string): string[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new UserInputError('no agent to run: enable at least one', 'bad_agents');
  return names;
}

/** The worker of the one open question; with several, which is meant must be said, never guessed. */
function onlyQuestion(state: SessionState): string {
  const open = openDecisionsOf(state);
  if (open.length === 1) return open[0]!.workerId;
  if (open.length === 0)
    throw new UserInputError(`session ${state.sessionId} has no open question`, 'no_decision');
  throw new UserInputError(
    `session ${state.sessionId} has ${open.length} open questions; say which worker the answer is for with ` +
      `--worker ${open.map((d) => d.workerId).join('|')}`,
    'worker_required',
  );
}

/**
 * Follows the session to its end; a session folder that could not be written ends it with one message
 * naming the problem and the file, and its own exit code, whatever status the session reached.
 */
async function follow(
  service: SessionService,
  session: { sessionId: string; folder: string },
  json: boolean,
): Promise<number> {
  // Held now: the service forgets a session once it has ended.
  const live = service.session(session.sessionId);
  const code = await followSession(service, session, json);
  const fault = live?.storeFault;
  if (!fault) return code;
  process.stderr.write(
    `orchestrate: ${describeStoreFault(fault)}; the agents were stopped, and what was written before is kept\n`,
  );
  return EXIT.unwritable;
}

const within = (folder: string, path: string): boolean => {
  const rel = relative(folder, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
};

/** Errors of a disk that cannot take writes, as opposed to bad input. */
const UNWRITABLE = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EFBIG', 'EACCES', 'EPERM']);

/**
 * Starting a session creates its folder: a workspace that cannot be written is reported like a fault
 * mid-run (one message, exit code 5) rather than as a crash. Returns null when it was.
 */
async function unwritableAtStart<T>(workspace: string, start: () => Promise<T>): Promise<T | null> {
  try {
    return await start();
  } catch (error) {
    const { code, path } = error as NodeJS.ErrnoException;
    // The workspace, a folder in it, or the folder it would be created in.
    const onTheWay = typeof path === 'string' && (within(workspace, path) || within(path, workspace));
    if (!code || !UNWRITABLE.has(code) || !onTheWay) throw error;
    process.stderr.write(`orchestrate: ${describeStoreFault(storeFault(workspace, error))}\n`);
    process.exitCode = EXIT.unwritable;
    return null;
  }
}
