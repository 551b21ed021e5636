import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PlanSessionRequest } from '../../src-shared/commands';
import type { OrchestratorConfig } from '../../src-shared/models';
import { BUILTIN_AGENTS, NUL_REFUSAL } from '../../src-shared/models';
import { adapterFor } from '../agents/registry';
import { currentBranch, inspectRepo } from '../workspace/git';
import { notAWorkTree } from '../workspace/repo-kind';
import { UserInputError } from './errors';
import type { SessionAgent } from './session-agent';

export const MAX_TASK_LENGTH = 100_000;

export interface ValidRequest {
  task: string;
  repo: string;
  baseCommit: string | null;
  /** The branch the checkout is on now, the only one `merge` will merge into later. */
  baseBranch: string | null;
  agents: SessionAgent[];
  demo: boolean;
}

export function validateTask(task: string): string {
  const trimmed = task.trim();
  if (trimmed.includes('\0')) throw new UserInputError(`the task ${NUL_REFUSAL}`, 'bad_task');
  if (trimmed === '')
    throw new UserInputError('the task is empty: say what the agents should do', 'bad_task');
  if (trimmed.length > MAX_TASK_LENGTH) {
    throw new UserInputError(
      `the task is too long (${trimmed.length} characters; at most ${MAX_TASK_LENGTH})`,
      'bad_task',
    );
  }
  return trimmed;
}

function validateRepoPath(repo: string): string {
  if (repo.trim() === '') throw new UserInputError('no repository given: pass --repo DIR', 'bad_repo');
  if (repo.includes('\0')) throw new UserInputError(`the repository path ${NUL_REFUSAL}`, 'bad_repo');
  const path = resolve(repo);
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new UserInputError(`repository not found: ${path}`, 'bad_repo');
  }
  if (!stats.isDirectory()) throw new UserInputError(`repository is not a directory: ${path}`, 'bad_repo');
  try {
    accessSync(path, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch {
    throw new UserInputError(`repository is not readable and writable by you: ${path}`, 'bad_repo');
  }
  return path;
}

/** The agents to run: the ones asked for, else the enabled ones of the config, else the three built-ins. */
export function resolveAgents(requested: string[] | undefined, config: OrchestratorConfig): SessionAgent[] {
  const configured = Object.entries(config.agents);
  const names =
    requested && requested.length > 0
      ? requested.map((n) => n.trim()).filter((n) => n !== '')
      : configured.length > 0
        ? configured.filter(([, c]) => c.enabled).map(([n]) => n)
        : [...BUILTIN_AGENTS];
  if (names.length === 0) throw new UserInputError('no agent to run: enable at least one', 'bad_agents');
  const seen = new Set<string>();
  return names.map((name) => {
    if (seen.has(name)) throw new UserInputError(`agent "${name}" is named twice`, 'bad_agents');
    seen.add(name);
    const adapter = adapterFor(name, config.agents[name]);
    if (!adapter) {
      const known = [...new Set([...BUILTIN_AGENTS, ...Object.keys(config.agents)])].join(', ');
      throw new UserInputError(`unknown agent "${name}" (known: ${known})`, 'bad_agents');
    }
    return { workerId: name, agent: name, adapter };
  });
}

/** Checks everything a session needs before anything is created; throws one UserInputError otherwise. */
export async function validateRequest(
  request: PlanSessionRequest,
  config: OrchestratorConfig,
): Promise<ValidRequest> {
  const task = validateTask(request.task);
  const path = validateRepoPath(request.repo);
  const agents = resolveAgents(request.agents, config);
  const info = await inspectRepo(path);
  if (info.root === null) {
    const why = await notAWorkTree(path);
    if (why) throw new UserInputError(why, 'bad_repo');
  }
  if (info.root !== null && info.head === null) {
    throw new UserInputError(
      `repository has no commit yet: ${info.root} — commit once so each agent can get its own worktree`,
      'bad_repo',
    );
  }
  const baseBranch = info.root === null ? null : await currentBranch(info.root);
  return { task, repo: info.root ?? path, baseCommit: info.head, baseBranch, agents, demo: request.demo };
}
