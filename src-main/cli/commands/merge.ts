import { existsSync } from 'node:fs';
import { workspaceOption } from '../workspace-option';
import type { Command } from 'commander';
import { TERMINAL_WORKER_STATUSES, type SessionState } from '../../../src-shared/models';
import { UserInputError } from '../../coordinator/errors';
import { recoverWorkspace } from '../../store/recover-workspace';
import { loadSession } from '../../store/session-index';
import { commitWorktree } from '../../workspace/commit-worktree';
import { verifyWorkerCheckout, WorktreeTampered } from '../../workspace/git';
import { listWorktrees, samePath } from '../../workspace/worktree-list';
import { MergeRefused, mergeIntoUserBranch, type MergeResult } from '../../workspace/merge-into-branch';
import { stdoutWrite } from '../output';

interface MergeOptions {
  worker: string;
  workspace?: string;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description("merge one worker's branch into the branch your checkout is on, only if that is safe")
    .argument('<id>', 'session id (see `orchestrate sessions`)')
    .requiredOption('--worker <id>', 'the worker whose work to merge, e.g. claude')
    .option('--workspace <dir>', 'where session folders are')
    .action(async (id: string, options: MergeOptions) => {
      const report = await mergeWorker(workspaceOption(options.workspace), id, options.worker);
      stdoutWrite(`${report}\n`);
    });
}

/**
 * `orchestrate merge`: commits what the worker left uncommitted on its own branch, then merges that branch
 * into the user's branch through mergeIntoUserBranch's checks. Returns what was merged; a refusal is a
 * UserInputError (one message, exit 2) and leaves the user's checkout exactly as it was.
 */
export async function mergeWorker(workspace: string, sessionId: string, workerId: string): Promise<string> {
  recoverWorkspace(workspace);
  const stored = loadSession(workspace, sessionId);
  if (!stored) throw new UserInputError(`no session ${sessionId}`, 'not_found');
  const { state } = stored;
  const worker = state.workers.find((w) => w.workerId === workerId);
  if (!worker) {
    const known = state.workers.map((w) => w.workerId).join(', ');
    throw new UserInputError(
      `session ${sessionId} has no worker ${workerId} (workers: ${known})`,
      'not_found',
    );
  }
  if (state.baseCommit === null || worker.branch === null) {
    throw new UserInputError(
      `${workerId} worked in place, without a branch of its own: there is nothing to merge`,
      'merge_refused',
    );
  }
  if (!TERMINAL_WORKER_STATUSES.includes(worker.status)) {
    throw new UserInputError(
      `${workerId} is ${worker.status}; merge its work once it has ended (stop it or wait)`,
      'merge_refused',
    );
  }
  const expectedBranch = startingBranch(state);
  if (expectedBranch === null) {
    throw new UserInputError(
      `session ${sessionId} started on a detached HEAD, so there is no branch of yours to merge into; ` +
        `merge ${worker.branch} yourself`,
      'merge_refused',
    );
  }
  if (existsSync(worker.cwd) && !(await isWorkersWorktree(state.repo, worker.cwd, worker.branch))) {
    throw new UserInputError(
      `${workerId}'s worktree ${worker.cwd} is no longer a worktree of ${state.repo} on ${worker.branch}; ` +
        'nothing was merged — merge the branch yourself if its commits are what you want',
      'merge_refused',
    );
  }
  try {
    const committed = existsSync(worker.cwd)
      ? await commitWorktree({ repo: state.repo, worktree: worker.cwd }, commitMessage(state, workerId))
      : null;
    const result = await mergeIntoUserBranch(state.repo, worker.branch, {
      baseCommit: state.baseCommit,
      expectedBranch: expectedBranch === undefined ? null : expectedBranch,
      message: `Merge ${worker.branch}\n\nOrchestrator session ${sessionId}: ${workerId}'s work on "${oneLine(state.task)}".`,
    });
    return describe(worker.branch, result, committed?.committed === true);
  } catch (error) {
    if (error instanceof MergeRefused || error instanceof WorktreeTampered)
      throw new UserInputError(error.message, 'merge_refused');
    throw error;
  }
}

/**
 * The branch the session started from (`baseBranch` in session.json): null when it started detached;
 * undefined for a session stored before it was recorded, whose merge is held to its base commit instead.
 */
function startingBranch(state: SessionState): string | null | undefined {
  return state.baseBranch === '' ? null : state.baseBranch;
}

/**
 * Git still lists the folder as a worktree of the repository on the worker's branch, and the folder's own
 * .git leads there: a folder whose link was removed or replaced would have git act on some other repository.
 */
async function isWorkersWorktree(repo: string, cwd: string, branch: string): Promise<boolean> {
  const listed = await listWorktrees(repo).catch(() => []);
  const entry = listed.find((w) => samePath(w.path, cwd));
  if (!entry || entry.branch !== `refs/heads/${branch}`) return false;
  return verifyWorkerCheckout({ repo, worktree: cwd }).then(
    () => true,
    () => false,
  );
}

const oneLine = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 72 ? `${line.slice(0, 71)}…` : line;
};

const commitMessage = (state: SessionState, workerId: string): string =>
  `${workerId}: ${oneLine(state.task)}\n\nUncommitted work of ${workerId} in orchestrator session ${state.sessionId}.`;

function describe(branch: string, result: MergeResult, committed: boolean): string {
  const note = committed ? ` (its uncommitted changes were committed on ${branch} first)` : '';
  if (result.outcome === 'up-to-date')
    return `${result.target} already contains ${branch}; nothing to merge${note}`;
  const how =
    result.outcome === 'fast-forward'
      ? `fast-forwarded ${result.target} to ${result.commit.slice(0, 12)}`
      : `merged into ${result.target} as ${result.commit.slice(0, 12)}`;
  const files = result.files.map((f) => `  ${f}`).join('\n');
  return `${branch}: ${how}${note}, ${result.files.length} file${result.files.length === 1 ? '' : 's'}:\n${files}`;
}
