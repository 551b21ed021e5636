import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  OrchestratorDecision,
  PeerReview,
  SessionState,
  SessionSummary,
  WorkerState,
} from '../../../src-shared/models';
import type { SessionService } from '../../coordinator/session-service';
import { decisionsOf, recoveriesOf, reviewsOf, summaryOf } from '../derive';
import { validJson } from '../respond';
import { RecoveryEntry } from '../schemas';
import { selectSession, sessionEvents, storedSummary, type SelectedSession } from '../select-session';

/** Which session an answer is about, since `?session=` may have been left to the default. */
export const SESSION_HEADER = 'X-Orchestrator-Session';

/** The read-only views of one session (ARCHITECTURE §7), each validated against its shared model. */
export function readRoutes(service: SessionService): Hono {
  const app = new Hono();
  const selected = (c: Context): SelectedSession => {
    const session = selectSession(service, c.req.query('session'));
    c.header(SESSION_HEADER, session.sessionId);
    return session;
  };

  app.get('/session', (c) => validJson(c, SessionState, selected(c).state));
  app.get('/workers', (c) => validJson(c, z.array(WorkerState), selected(c).state.workers));
  app.get('/reviews', (c) => {
    const session = selected(c);
    return validJson(c, z.array(PeerReview), reviewsOf(sessionEvents(service, session)));
  });
  app.get('/decisions', (c) => {
    const session = selected(c);
    return validJson(c, z.array(OrchestratorDecision), decisionsOf(sessionEvents(service, session)));
  });
  app.get('/recovery', (c) => {
    const session = selected(c);
    return validJson(c, z.array(RecoveryEntry), recoveriesOf(sessionEvents(service, session)));
  });
  app.get('/summary', (c) => {
    const session = selected(c);
    const summary =
      storedSummary(service, session.sessionId) ?? summaryOf(session.state, sessionEvents(service, session));
    return validJson(c, SessionSummary, summary);
  });
  return app;
}
