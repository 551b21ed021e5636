import { existsSync } from 'node:fs';
import { TERMINAL_WORKER_STATUSES, type SessionState, type WorkerState } from '../../src-shared/models';
import { commitWorktree } from '../workspace/commit-worktree';
import { verifyWorkerCheckout, WorktreeTampered } from '../workspace/git';
import { MergeRefused, mergeIntoUserBranch, type MergeResult } from '../workspace/merge-into-branch';
import { listWorktrees, samePath } from '../workspace/worktree-list';
import { UserInputError } from './errors';

/** What a merge of one worker's branch did, for the person: the same words in the CLI and the app. */
export interface WorkerMerge {
  workerId: string;
  branch: string;
  outcome: MergeResult['outcome'];
  /** The user's branch that received the merge. */
  target: string;
  commit: string;
  files: string[];
  /** The worker's uncommitted changes were committed on its branch first. */
  committed: boolean;
  /** One report in words, as `orchestrate merge` prints it. */
  text: string;
}

/**
 * The one merge of a worker's work, behind `orchestrate merge` and the app's Merge button: commits what the
 * worker left uncommitted on its own branch, then merges that branch into the user's branch through
 * mergeIntoUserBranch's checks. A refusal is a UserInputError (code `merge_refused`, one message saying why)
 * and leaves the user's checkout exactly as it was.
 */
export async function mergeSessionWorker(state: SessionState, workerId: string): Promise<WorkerMerge> {
  const { worker, branch, baseCommit } = mergeableWorker(state, workerId);
  const expectedBranch = startingBranch(state);
  if (expectedBranch === null) {
    throw new UserInputError(
      `session ${state.sessionId} started on a detached HEAD, so there is no branch of yours to merge into; ` +
        `merge ${branch} yourself`,
      'merge_refused',
    );
  }
  if (existsSync(worker.cwd) && !(await isWorkersWorktree(state.repo, worker.cwd, branch))) {
    throw new UserInputError(
      `${workerId}'s worktree ${worker.cwd} is no longer a worktree of ${state.repo} on ${branch}; ` +
        'nothing was merged — merge the branch yourself if its commits are what you want',
      'merge_refused',
    );
  }
  try {
    const committed = existsSync(worker.cwd)
      ? await commitWorktree({ repo: state.repo, worktree: worker.cwd }, commitMessage(state, workerId))
      : null;
    const result = await mergeIntoUserBranch(state.repo, branch, {
      baseCommit,
      expectedBranch: expectedBranch === undefined ? null : expectedBranch,
      message: `Merge ${branch}\n\nOrchestrator session ${state.sessionId}: ${workerId}'s work on "${oneLine(state.task)}".`,
    });
    const wasCommitted = committed?.committed === true;
    return {
      workerId,
      branch,
      outcome: result.outcome,
      target: result.target,
      commit: result.commit,
      files: result.files,
      committed: wasCommitted,
      text: describe(branch, result, wasCommitted),
    };
  } catch (error) {
    if (error instanceof MergeRefused || error instanceof WorktreeTampered)
      throw new UserInputError(error.message, 'merge_refused');
    throw error;
  }
}

/**
 * The worker, if it has work of its own to merge now: a branch of its own, and a run that has ended.
 * Anything else is refused with why, before git is asked anything.
 */
function mergeableWorker(
  state: SessionState,
  workerId: string,
): { worker: WorkerState; branch: string; baseCommit: string } {
  const worker = state.workers.find((w) => w.workerId === workerId);
  if (!worker) {
    const known = state.workers.map((w) => w.workerId).join(', ');
    throw new UserInputError(
      `session ${state.sessionId} has no worker ${workerId} (workers: ${known})`,
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
  return { worker, branch: worker.branch, baseCommit: state.baseCommit };
}

/**
 * The folder of a worker's worktree, only when it is one: git lists it as a worktree of the session's
 * repository on the worker's own branch and its .git leads there. This is what the app lets a person open
 * in their file manager — never a path the page names.
 */
export async function workerWorktreePath(state: SessionState, workerId: string): Promise<string> {
  const worker = state.workers.find((w) => w.workerId === workerId);
  if (!worker) throw new UserInputError(`session ${state.sessionId} has no worker ${workerId}`, 'not_found');
  if (worker.branch === null)
    throw new UserInputError(`${workerId} worked in place, without a worktree of its own`, 'no_worktree');
  if (!existsSync(worker.cwd))
    throw new UserInputError(`${workerId}'s worktree ${worker.cwd} is gone`, 'no_worktree');
  if (!(await isWorkersWorktree(state.repo, worker.cwd, worker.branch))) {
    throw new UserInputError(
      `${worker.cwd} is no longer a worktree of ${state.repo} on ${worker.branch}; not opening it`,
      'no_worktree',
    );
  }
  return worker.cwd;
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
