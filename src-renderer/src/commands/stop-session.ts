import { shortcut } from './shortcut';
import { isBusy, whyNoSession } from './session-facts';
import type { UiCommand } from './types';

export const stopSession: UiCommand = {
  name: 'stop-session',
  scope: 'session',
  icon: '■',
  danger: true,
  label: () => 'Stop the session',
  shortcut: shortcut('Shift+X'),
  unavailable: (ctx) => whyNoSession(ctx) ?? (isBusy(ctx, 'stop') ? 'stopping…' : null),
  perform: ({ state }) => state.control('stop'),
};
