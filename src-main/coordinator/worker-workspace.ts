import { existsSync } from 'node:fs';
import type { Event, EventDraft } from '../../src-shared/models';
import { draft } from '../../src-shared/models';
import { listWorktrees, samePath } from '../workspace/worktree-list';
import { addWorktree, workerBranch, worktreePath } from '../workspace/worktrees';
import type { SessionAgent } from './session-agent';
import type { SessionOptions } from './session-types';

/** Where a worker works: its own worktree and branch, or the repository itself (branch null). */
export interface WorkerWorkspace {
  cwd: string;
  branch: string | null;
}

/**
 * A new worktree for the worker on its own branch at the session's base commit — or the repository
 * itself when the session runs in place. A worktree that cannot be made fails that worker, saying why
 * (null), and no other.
 */
export async function prepareWorkerWorkspace(
  options: SessionOptions,
  agent: SessionAgent,
  emit: (d: EventDraft, workerId?: string) => Event | null,
): Promise<WorkerWorkspace | null> {
  if (options.baseCommit === null || !options.config.worktrees) return { cwd: options.repo, branch: null };
  try {
    const worktree = await addWorktree(
      options.repo,
      options.folder,
      options.sessionId,
      agent.workerId,
      options.baseCommit,
      { copy: options.config.worktreeCopy },
    );
    return { cwd: worktree.path, branch: worktree.branch };
  } catch (error) {
    emit(
      draft('error', { message: (error as Error).message, fatal: true, code: 'worktree_failed' }),
      agent.workerId,
    );
    emit(
      draft('worker_status', { status: 'failed', reason: 'its worktree could not be created' }),
      agent.workerId,
    );
    return null;
  }
}

/**
 * The worktree this session made for a worker that never started (an escalation held its launch back),
 * if git lists it on the worker's branch; null otherwise.
 */
export async function madeWorktree(
  options: SessionOptions,
  workerId: string,
): Promise<{ cwd: string; branch: string } | null> {
  if (options.baseCommit === null || !options.config.worktrees) return null;
  const path = worktreePath(options.folder, workerId);
  const branch = workerBranch(options.sessionId, workerId);
  if (!existsSync(path)) return null;
  const listed = await listWorktrees(options.repo).catch(() => []);
  const entry = listed.find((w) => samePath(w.path, path));
  return entry?.branch === `refs/heads/${branch}` ? { cwd: path, branch } : null;
}
