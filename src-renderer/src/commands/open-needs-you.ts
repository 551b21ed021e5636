import { openDecisionsOf } from '../../../src-shared/state/oversight';
import { shortcut } from './shortcut';
import { sessionOf } from './session-facts';
import type { UiCommand } from './types';

const countOpen = (ctx: Parameters<UiCommand['label']>[0]): number => {
  const session = sessionOf(ctx);
  return session ? openDecisionsOf(session).length : 0;
};

/** Reopens the "Needs you" queue the person closed: it stays reachable while any decision is open. */
export const openNeedsYou: UiCommand = {
  name: 'open-needs-you',
  scope: 'session',
  icon: '!',
  label: (ctx) => `Needs you (${countOpen(ctx)})`,
  shortcut: shortcut('Alt+D'),
  unavailable: (ctx) => (countOpen(ctx) === 0 ? 'nothing is waiting for you' : null),
  perform: ({ state }) => state.dismissDecision(0),
};
