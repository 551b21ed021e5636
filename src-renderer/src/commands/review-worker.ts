import { shortcut } from './shortcut';
import { isBusy, whyNoSession, whyNoWorker, workerOf } from './session-facts';
import type { UiCommand } from './types';

/** "Review now": every other agent reviews this worker's current diff, and the policy decides. */
export const reviewWorker: UiCommand = {
  name: 'review-worker',
  scope: 'worker',
  icon: '⟳',
  label: (ctx) => `Review ${workerOf(ctx)?.agent ?? 'worker'} now`,
  shortcut: shortcut('V'),
  unavailable: (ctx) => {
    const worker = workerOf(ctx);
    if (!worker) return whyNoWorker(ctx);
    if (isBusy(ctx, 'review', worker.workerId)) return 'asking for a review…';
    if (worker.status === 'pending') return `${worker.agent} has not started yet`;
    return whyNoSession(ctx);
  },
  perform: ({ state, workerId }) => state.control('review', workerId!),
};
