import type { SessionState, WorkerStatus } from '../../src-shared/models';
import { newWorkerState } from '../../src-shared/state/reduce-session';

/** One worker of a finished test session: where it worked, on which branch (null: in place), how it ended. */
export interface FinishedWorker {
  workerId: string;
  cwd: string;
  branch: string | null;
  status?: WorkerStatus;
}

/**
 * Test helper: the state of a finished demo session as `orchestrate run` leaves it, for tests that store it
 * or hand it to the merge and review code. Workers are completed unless said otherwise.
 */
export function finishedSessionState(fields: {
  sessionId: string;
  repo: string;
  folder: string;
  baseCommit: string;
  baseBranch?: string;
  workers: readonly FinishedWorker[];
}): SessionState {
  const { workers, baseBranch, ...rest } = fields;
  return {
    ...rest,
    task: 'add a CONTRIBUTING file',
    status: 'completed',
    demo: true,
    ...(baseBranch !== undefined ? { baseBranch } : {}),
    startedAt: '2026-01-01T12:00:00.000Z',
    endedAt: '2026-01-01T12:05:00.000Z',
    workers: workers.map(({ workerId, cwd, branch, status }) => ({
      ...newWorkerState(workerId, workerId, cwd, true),
      status: status ?? 'completed',
      branch,
    })),
  };
}
