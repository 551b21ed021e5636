import { shortcut } from './shortcut';
import { isBusy, sessionOf, whyNoSession, whyNotPausable } from './session-facts';
import type { UiCommand } from './types';

export const pauseSession: UiCommand = {
  name: 'pause-session',
  scope: 'session',
  icon: '❚❚',
  label: () => 'Pause all workers',
  shortcut: shortcut('Shift+P'),
  unavailable: (ctx) => {
    const ended = whyNoSession(ctx);
    if (ended) return ended;
    if (isBusy(ctx, 'pause')) return 'pausing…';
    const running = sessionOf(ctx)!.workers.some((w) => whyNotPausable(w) === null);
    return running ? null : 'no worker is running';
  },
  perform: ({ state }) => state.control('pause'),
};
