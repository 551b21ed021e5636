import type { SessionService } from '../coordinator/session-service';
import { EXIT, exitCodeFor } from './exit-codes';
import { describeSpend } from '../../src-shared/log/spend-text';
import { sessionSpend } from '../../src-shared/state/spend';
import { describeOpenDecisions } from './open-decisions';
import { printHumanEvents, printJsonEvents, stderrWrite, stdoutWrite } from './output';

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
  const unsubscribe = service.subscribe(sessionId, 0, print);
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
    const state = service.state(sessionId);
    if (state) stderrWrite(`spend: ${describeSpend(sessionSpend(state))}\n`);
    if (state && (status === 'paused' || status === 'escalated')) stderrWrite(describeOpenDecisions(state));
    return exitCodeFor(status);
  } finally {
    unsubscribe();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
