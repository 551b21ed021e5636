import type { SessionState, WorkerState, WorkerStatus } from '../../../src-shared/models';
import { LIVE_SESSION_STATUSES, TERMINAL_WORKER_STATUSES } from '../../../src-shared/models';
import { busyKey } from '../store/session-view-slice';
import { WORKER_STATUS } from '../status';
import type { CommandContext } from './types';

/** A stored session in one of these can be continued by the core's resume. */
export const RESUMABLE = new Set<SessionState['status']>(['interrupted', 'stopped', 'failed']);
/** Statuses in which the worker's process runs and can be suspended. */
const PAUSABLE = new Set<WorkerStatus>(['starting', 'running', 'reviewing', 'needs_input', 'recovering']);

export const sessionOf = (ctx: CommandContext): SessionState | null => ctx.state.view?.state ?? null;

export const hasEnded = (session: SessionState): boolean =>
  session.endedAt !== null || !LIVE_SESSION_STATUSES.has(session.status);

export const workerOf = (ctx: CommandContext): WorkerState | null =>
  sessionOf(ctx)?.workers.find((w) => w.workerId === ctx.workerId) ?? null;

export const isBusy = (ctx: CommandContext, command: string, workerId?: string | null): boolean =>
  ctx.state.view?.busy[busyKey(command, workerId)] === true;

export const isTerminal = (worker: WorkerState): boolean => TERMINAL_WORKER_STATUSES.includes(worker.status);

/** Why this worker cannot be paused now, or null. */
export function whyNotPausable(worker: WorkerState): string | null {
  if (worker.status === 'paused') return `${worker.agent} is already paused`;
  if (isTerminal(worker)) return `${worker.agent} has ${WORKER_STATUS[worker.status].label}`;
  if (worker.status === 'pending') return `${worker.agent} has not started yet`;
  if (!PAUSABLE.has(worker.status) || worker.pid === null)
    return `${worker.agent} has no process running right now (${WORKER_STATUS[worker.status].label})`;
  return null;
}

/** The common refusals: no session, an ended one, no worker chosen. */
export function whyNoSession(ctx: CommandContext): string | null {
  const session = sessionOf(ctx);
  if (!session) return 'no session is open';
  if (hasEnded(session))
    return `the session has ${session.status === 'interrupted' ? 'been interrupted' : 'ended'}`;
  return null;
}

export function whyNoWorker(ctx: CommandContext): string | null {
  if (!sessionOf(ctx)) return 'no session is open';
  if (ctx.workerId === null) return 'select a worker first (1–9)';
  return workerOf(ctx) ? null : `there is no worker ${ctx.workerId}`;
}
