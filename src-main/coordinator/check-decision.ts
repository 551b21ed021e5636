import type { Decision } from '../../src-shared/ipc/contract';
import type { OpenDecision, SessionState } from '../../src-shared/models';
import { openDecisionsOf } from '../../src-shared/state/oversight';
import { UserInputError } from './errors';

const list = (open: readonly OpenDecision[]): string =>
  open.map((d) => `${d.workerId} (decision ${d.id})`).join(', ');

/**
 * The open decision a person's choice is about, checked: it names one worker, the request names the same
 * one, and the decision allows the choice. Nothing is guessed: a request that names no worker (for any
 * choice but stopping the whole session) or the wrong one is refused with the open questions it could mean.
 * stop_session needs no decision (it ends the session whatever is open): null then, unless one was named.
 */
export function checkDecision(state: SessionState, request: Decision): OpenDecision | null {
  const open = openDecisionsOf(state);
  const { decisionId, workerId, choice } = request;
  const byId = decisionId === undefined ? undefined : open.find((d) => d.id === decisionId);
  if (decisionId !== undefined && !byId) {
    throw new UserInputError(
      `session ${state.sessionId} has no open decision ${decisionId}` +
        (open.length > 0 ? `; open: ${list(open)}` : ''),
      'no_decision',
    );
  }
  if (byId && workerId !== undefined && byId.workerId !== workerId) {
    throw new UserInputError(
      `decision ${byId.id} is about ${byId.workerId}, not ${workerId}`,
      'wrong_worker',
    );
  }
  if (choice === 'stop_session') return byId ?? null;
  if (workerId === undefined) {
    throw new UserInputError(
      `say which worker this ${choice.replace('_', ' ')} is for` +
        (open.length > 0 ? `: open questions are about ${list(open)}` : ''),
      'worker_required',
    );
  }
  const decision = byId ?? open.find((d) => d.workerId === workerId);
  if (!decision) {
    throw new UserInputError(
      `${workerId} has no open question in session ${state.sessionId}` +
        (open.length > 0 ? `; open: ${list(open)}` : ''),
      'no_decision',
    );
  }
  if (!decision.allows.includes(choice)) {
    throw new UserInputError(
      `decision ${decision.id} on ${decision.workerId} does not allow ${choice.replace('_', ' ')}`,
      'not_allowed',
    );
  }
  if (choice === 'answer' && !request.answer?.trim())
    throw new UserInputError('the answer is empty', 'bad_input');
  return decision;
}
