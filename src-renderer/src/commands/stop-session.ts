import { openDecisionsOf } from '../../../src-shared/state/oversight';
import { shortcut } from './shortcut';
import { isBusy, sessionOf, whyNoSession } from './session-facts';
import type { UiCommand } from './types';

const firstOpen = (ctx: Parameters<UiCommand['perform']>[0]) => {
  const session = sessionOf(ctx);
  return session ? openDecisionsOf(session)[0] : undefined;
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
    return firstOpen(ctx) ? null : whyNoSession(ctx);
  },
  // Named after one open decision (any: stopping answers them all), so every client can route it.
  perform: (ctx) => {
    const open = firstOpen(ctx);
    return open
      ? ctx.state.decide({ choice: 'stop_session', decisionId: open.id })
      : ctx.state.control('stop');
  },
};
