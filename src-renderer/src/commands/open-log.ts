import { shortcut } from './shortcut';
import { whyNoWorker, workerOf } from './session-facts';
import type { UiCommand } from './types';

export const openLog: UiCommand = {
  name: 'open-log',
  scope: 'worker',
  icon: '☰',
  label: (ctx) => `Log of ${workerOf(ctx)?.agent ?? 'worker'}`,
  shortcut: shortcut('L'),
  unavailable: whyNoWorker,
  perform: ({ state, workerId }) => state.openDock(workerId!, 'normalized'),
};

export const openRawLog: UiCommand = {
  name: 'open-raw-log',
  scope: 'worker',
  icon: '{ }',
  label: (ctx) => `Raw output of ${workerOf(ctx)?.agent ?? 'worker'}`,
  shortcut: shortcut('Shift+L'),
  unavailable: (ctx) =>
    whyNoWorker(ctx) ?? (ctx.state.capabilities.rawLog ? null : 'the raw log is not available here yet'),
  perform: ({ state, workerId }) => state.openDock(workerId!, 'raw'),
};
