import { openDecisionsOf } from '../../../src-shared/state/oversight';
import { shortcut } from './shortcut';
import { isBusy, sessionOf, whyNoSession } from './session-facts';
import type { UiCommand } from './types';

const hasOpenDecisions = (ctx: Parameters<UiCommand['perform']>[0]): boolean => {
  const session = sessionOf(ctx);
  return session !== null && openDecisionsOf(session).length > 0;
};

/**
 * Ends the session from any state it can be in: running, paused, needing input, or escalated with questions
 * still open. With questions open, stopping is the person's answer to all of them, so it goes as that.
 */
export const stopSession: UiCommand = {
  name: 'stop-session',
  scope: 'session',
  icon: '■',
  danger: true,
  label: () => 'Stop the session',
  shortcut: shortcut('Shift+X'),
  unavailable: (ctx) => {
    if (isBusy(ctx, 'stop') || isBusy(ctx, 'decide')) return 'stopping…';
    return hasOpenDecisions(ctx) ? null : whyNoSession(ctx);
  },
  perform: (ctx) =>
    hasOpenDecisions(ctx) ? ctx.state.decide({ choice: 'stop_session' }) : ctx.state.control('stop'),
};
