import { shortcut } from './shortcut';
import { isBusy, whyNoSession, whyNotPausable, whyNoWorker, workerOf } from './session-facts';
import type { UiCommand } from './types';

export const pauseWorker: UiCommand = {
  name: 'pause-worker',
  scope: 'worker',
  icon: '❚❚',
  label: (ctx) => `Pause ${workerOf(ctx)?.agent ?? 'worker'}`,
  shortcut: shortcut('P'),
  unavailable: (ctx) => {
    const worker = workerOf(ctx);
    if (!worker) return whyNoWorker(ctx);
    if (isBusy(ctx, 'pause', worker.workerId)) return 'pausing…';
    return whyNoSession(ctx) ?? whyNotPausable(worker);
  },
  perform: ({ state, workerId }) => state.control('pause', workerId!),
};
