import { shortcut } from './shortcut';
import { hasEnded, isBusy, RESUMABLE, sessionOf } from './session-facts';
import type { CommandContext, UiCommand } from './types';

/** Live: continue the paused workers. Ended but unfinished: the core's resume relaunches what was left. */
const resumesStored = (ctx: CommandContext): boolean => {
  const session = sessionOf(ctx);
  return session !== null && hasEnded(session);
};

export const resumeSession: UiCommand = {
  name: 'resume-session',
  scope: 'session',
  icon: '▶',
  label: (ctx) => (resumesStored(ctx) ? 'Resume session' : 'Resume all workers'),
  shortcut: shortcut('Shift+R'),
  unavailable: (ctx) => {
    const session = sessionOf(ctx);
    if (!session) return 'no session is open';
    if (hasEnded(session)) {
      if (ctx.state.resuming[session.sessionId]) return 'resuming…';
      if (!ctx.state.capabilities.resume) return 'resuming is not available here yet';
      return RESUMABLE.has(session.status) ? null : `a ${session.status} session cannot be resumed`;
    }
    if (isBusy(ctx, 'resume')) return 'resuming…';
    return session.workers.some((w) => w.status === 'paused') ? null : 'no worker is paused';
  },
  perform: (ctx) =>
    resumesStored(ctx) ? ctx.state.resumeSession(sessionOf(ctx)!.sessionId) : ctx.state.control('resume'),
};
