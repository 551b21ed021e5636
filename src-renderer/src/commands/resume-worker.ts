import { shortcut } from './shortcut';
import { isBusy, whyNoSession, whyNoWorker, workerOf } from './session-facts';
import type { UiCommand } from './types';

export const resumeWorker: UiCommand = {
  name: 'resume-worker',
  scope: 'worker',
  icon: '▶',
  label: (ctx) => `Resume ${workerOf(ctx)?.agent ?? 'worker'}`,
  shortcut: shortcut('R'),
  unavailable: (ctx) => {
    const worker = workerOf(ctx);
    if (!worker) return whyNoWorker(ctx);
    if (isBusy(ctx, 'resume', worker.workerId)) return 'resuming…';
    const ended = whyNoSession(ctx);
    if (ended) return worker.status === 'paused' ? `${ended}: resume the session instead` : ended;
    return worker.status === 'paused' ? null : `${worker.agent} is not paused`;
  },
  perform: ({ state, workerId }) => state.control('resume', workerId!),
};
