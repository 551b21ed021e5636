import { existsSync } from 'node:fs';
import type { CleanedWorker, CleanReport, CleanRequest } from '../../src-shared/commands';
import { LIVE_SESSION_STATUSES, type SessionState } from '../../src-shared/models';
import { listSessions, loadSession, type StoredSession } from '../store/session-index';
import { dirtyPaths } from '../workspace/checkout-state';
import { git, resolveCommit } from '../workspace/git';
import { removeWorktree } from '../workspace/remove-worktree';
import { UserInputError } from './errors';

export type { CleanedSession, CleanedWorker, CleanReport, CleanRequest } from '../../src-shared/commands';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Removes the worktrees and branches that ended sessions left in the user's repository — and nothing else:
 * never a running (or paused) session's, never the user's own checkout or branches (removeWorktree proves
 * each worktree and branch is the session's own), never uncommitted changes nor a branch with commits that
 * are not in the branch the session started from, unless `force`. The session folders and their logs stay.
 */
export async function cleanSessions(
  workspace: string,
  request: CleanRequest,
  isRunning: (sessionId: string) => boolean = () => false,
): Promise<CleanReport> {
  if (request.olderThanDays !== undefined && !(request.olderThanDays >= 0)) {
    throw new UserInputError('--older-than takes a number of days, 0 or more', 'bad_input');
  }
  const report: CleanReport = { cleaned: [], skipped: [] };
  for (const stored of await selectSessions(workspace, request)) {
    const { state } = stored;
    if (isRunning(state.sessionId) || LIVE_SESSION_STATUSES.has(state.status)) {
      const why = state.status === 'paused' ? 'it is paused, waiting for an answer' : 'it is still running';
      report.skipped.push({ sessionId: state.sessionId, reason: why });
      continue;
    }
    const own = state.workers.filter((w) => w.branch !== null);
    if (request.merged && !(await allMerged(stored, request.force === true))) {
      // Only fully merged sessions were asked for: one that is not is left exactly as it is.
      report.skipped.push({ sessionId: state.sessionId, reason: 'some of its work is not merged' });
      continue;
    }
    const workers: CleanedWorker[] = [];
    for (const worker of own) {
      if (worker.branch === null) continue;
      workers.push(
        await cleanWorker(stored, worker.workerId, worker.cwd, worker.branch, request.force === true),
      );
    }
    report.cleaned.push({ sessionId: state.sessionId, status: state.status, workers });
  }
  return report;
}

/** Every worker's branch is merged (or gone) and, unless forced, its worktree has nothing uncommitted. */
async function allMerged({ state }: StoredSession, force: boolean): Promise<boolean> {
  for (const worker of state.workers) {
    if (worker.branch === null) continue;
    const tip = await resolveCommit(state.repo, `refs/heads/${worker.branch}`);
    if (tip !== null && !(await isMerged(state, tip))) return false;
    if (!force && existsSync(worker.cwd)) {
      const dirty = await dirtyPaths({ repo: state.repo, worktree: worker.cwd }).catch(() => null);
      if (dirty === null || dirty.size > 0) return false;
    }
  }
  return true;
}

async function selectSessions(workspace: string, request: CleanRequest): Promise<StoredSession[]> {
  if (request.sessionId !== undefined) {
    const stored = loadSession(workspace, request.sessionId);
    if (!stored) throw new UserInputError(`no session ${request.sessionId}`, 'not_found');
    return [stored];
  }
  const sessions = existsSync(workspace) ? listSessions(workspace) : [];
  if (request.olderThanDays === undefined) return sessions;
  const before = Date.now() - request.olderThanDays * DAY_MS;
  return sessions.filter(({ state }) => Date.parse(state.endedAt ?? state.startedAt) < before);
}

async function cleanWorker(
  { state, folder }: StoredSession,
  workerId: string,
  cwd: string,
  branch: string,
  force: boolean,
): Promise<CleanedWorker> {
  const result: CleanedWorker = {
    workerId,
    branch,
    removedWorktree: false,
    deletedBranch: false,
    kept: null,
  };
  const repo = state.repo;
  const tip = await resolveCommit(repo, `refs/heads/${branch}`);
  const hasWorktree = existsSync(cwd);
  if (!force && hasWorktree) {
    const dirty = await dirtyPaths({ repo, worktree: cwd }).catch(() => null);
    if (dirty === null || dirty.size > 0) {
      result.kept =
        dirty === null ? 'its worktree could not be read' : 'its worktree has uncommitted changes';
      return result;
    }
  }
  const merged = tip === null || (await isMerged(state, tip));
  if (!force && !merged && !hasWorktree) {
    result.kept = `${branch} has commits not merged into ${state.baseBranch ?? 'your branch'}`;
    return result;
  }
  try {
    const removed = await removeWorktree(
      repo,
      folder,
      state.sessionId,
      { path: cwd, branch },
      { force, deleteBranch: force || merged },
    );
    result.removedWorktree = removed.removedWorktree;
    result.deletedBranch = removed.deletedBranch;
  } catch (error) {
    result.kept = (error as Error).message;
    return result;
  }
  if (!force && !merged)
    result.kept = `${branch} has commits not merged into ${state.baseBranch ?? 'your branch'}`;
  return result;
}

/**
 * The branch's commits are all in the branch the session started from (or, for a session that did not
 * record it, in the checkout's HEAD): deleting it loses nothing.
 */
async function isMerged(state: SessionState, tip: string): Promise<boolean> {
  const target = state.baseBranch ? `refs/heads/${state.baseBranch}` : 'HEAD';
  const into = await resolveCommit(state.repo, target);
  if (into === null) return false;
  return (await git(state.repo, ['merge-base', '--is-ancestor', tip, into])).ok;
}
