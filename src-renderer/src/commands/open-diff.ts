import { shortcut } from './shortcut';
import { sessionOf, whyNoWorker, workerOf } from './session-facts';
import type { UiCommand } from './types';

export const openDiff: UiCommand = {
  name: 'open-diff',
  scope: 'worker',
  icon: '±',
  label: (ctx) => `Diff of ${workerOf(ctx)?.agent ?? 'worker'}`,
  shortcut: shortcut('D'),
  unavailable: (ctx) => {
    const why = whyNoWorker(ctx);
    if (why) return why;
    if (!ctx.state.capabilities.diff) return 'diffs are not available here yet';
    return sessionOf(ctx)?.baseCommit ? null : 'the session did not run in a git repository';
  },
  perform: ({ state, workerId }) => state.openDock(workerId!, 'diff'),
};
