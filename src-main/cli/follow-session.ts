import type { Event } from '../../src-shared/models';
import type { SessionService } from '../coordinator/session-service';
import { EXIT, exitCodeFor } from './exit-codes';
import { printHumanEvents, printJsonEvents, stderrWrite, stdoutWrite } from './output';
import { terminalSafe } from './terminal-safe';

/**
 * Streams a running session to the terminal until it ends and returns the exit code. Ctrl-C stops the
 * agents first (and the summary is written); a second Ctrl-C quits at once.
 */
export async function followSession(
  service: SessionService,
  session: { sessionId: string; folder: string },
  json: boolean,
): Promise<number> {
  const { sessionId, folder } = session;
  stderrWrite(`session ${sessionId}\nsession folder: ${folder}\n`);
  const print = json ? printJsonEvents(stdoutWrite) : printHumanEvents(stderrWrite);
  // The decisions that explain a paused or escalated end (later ones about other workers may follow).
  const decisive: Partial<Record<'PAUSE_AND_CLARIFY' | 'STOP_AND_ESCALATE', Event<'decision'>>> = {};
  const unsubscribe = service.subscribe(sessionId, 0, (batch) => {
    for (const event of batch) {
      if (event.type !== 'decision') continue;
      const { action } = event.payload;
      if (action === 'PAUSE_AND_CLARIFY' || action === 'STOP_AND_ESCALATE') decisive[action] = event;
    }
    print(batch);
  });
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    stderrWrite('stopping the agents… (press Ctrl-C again to quit at once)\n');
    void service.stopAll();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const status = await service.done(sessionId);
    stderrWrite(`session ${status}: ${folder}\n`);
    const question = decisive.PAUSE_AND_CLARIFY;
    const stop = decisive.STOP_AND_ESCALATE;
    if (status === 'paused' && question) {
      stderrWrite(
        `the reviewers need an answer about ${question.payload.target ?? 'the work'}: ` +
          `${terminalSafe(question.payload.reason)}\n` +
          `answer with: orchestrate resume ${sessionId} --answer "…"\n`,
      );
    } else if (status === 'escalated' && stop) {
      stderrWrite(`escalated: ${terminalSafe(stop.payload.reason)}\n`);
    }
    return exitCodeFor(status);
  } finally {
    unsubscribe();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
