import { WORKER_STATUS } from '../status';
import { shortcut } from './shortcut';
import { isBusy, isTerminal, whyNoSession, whyNoWorker, workerOf } from './session-facts';
import type { UiCommand } from './types';

export const stopWorker: UiCommand = {
  name: 'stop-worker',
  scope: 'worker',
  icon: '■',
  danger: true,
  label: (ctx) => `Stop ${workerOf(ctx)?.agent ?? 'worker'}`,
  shortcut: shortcut('X'),
  unavailable: (ctx) => {
    const worker = workerOf(ctx);
    if (!worker) return whyNoWorker(ctx);
    if (isBusy(ctx, 'stop', worker.workerId) || isBusy(ctx, 'stop')) return 'stopping…';
    const ended = whyNoSession(ctx);
    if (ended) return ended;
    return isTerminal(worker) ? `${worker.agent} has already ${WORKER_STATUS[worker.status].label}` : null;
  },
  perform: ({ state, workerId }) => state.control('stop', workerId!),
};
