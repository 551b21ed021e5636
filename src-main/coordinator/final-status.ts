import type { SessionState, SessionStatus } from '../../src-shared/models';
import { openDecisionsOf } from '../../src-shared/state/oversight';

/**
 * The status a session ends in once nothing runs: failed on a session folder that could not be written;
 * escalated or paused while a decision waits for a person; stopped when it was stopped or a worker was;
 * completed when every worker completed; failed otherwise.
 */
export function finalStatus(
  state: SessionState,
  { storeFault, stopping }: { storeFault: boolean; stopping: boolean },
): SessionStatus {
  if (storeFault) return 'failed';
  const open = openDecisionsOf(state);
  if (open.some((d) => d.action === 'STOP_AND_ESCALATE')) return 'escalated';
  if (open.length > 0) return 'paused';
  const statuses = state.workers.map((w) => w.status);
  if (stopping || statuses.includes('stopped')) return 'stopped';
  return statuses.every((s) => s === 'completed') ? 'completed' : 'failed';
}
