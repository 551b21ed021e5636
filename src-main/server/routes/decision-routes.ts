import { Hono } from 'hono';
import { z } from 'zod';
import { DecideRequest } from '../../../src-shared/commands';
import { OpenDecision } from '../../../src-shared/models';
import { openDecisionsOf } from '../../../src-shared/state/oversight';
import type { CoreCommands } from '../../coordinator/core-commands';
import type { SessionService } from '../../coordinator/session-service';
import { readJsonBody, validJson } from '../respond';
import { selectSession } from '../select-session';
import { SESSION_HEADER } from './read-routes';

/** POST /api/decisions/:id's body: the decide request, its session and decision given by the URL. */
export const DecideBody = DecideRequest.omit({ sessionId: true, decisionId: true });

export const DecideResult = z.object({
  sessionId: z.string(),
  decisionId: z.string(),
  choice: z.string(),
  /** A stored session the choice continued (an answer to a run that ended paused or escalated). */
  resumed: z.object({ sessionId: z.string(), folder: z.string() }).nullable(),
});

/**
 * The open decisions of a session and the person's choice on one, aimed at the worker the body names and
 * checked by the core against the decision (the same as the app's `session:decide`).
 */
export function decisionRoutes(service: SessionService, core: Pick<CoreCommands, 'decide'>): Hono {
  const app = new Hono();
  app.get('/decisions/open', (c) => {
    const { sessionId, state } = selectSession(service, c.req.query('session'));
    c.header(SESSION_HEADER, sessionId);
    return validJson(c, z.array(OpenDecision), [...openDecisionsOf(state)]);
  });
  app.post('/decisions/:id', async (c) => {
    const body = await readJsonBody(c, DecideBody, { optional: false });
    const { sessionId } = selectSession(service, c.req.query('session'));
    c.header(SESSION_HEADER, sessionId);
    const decisionId = c.req.param('id');
    const { resumed } = await core.decide({ ...body, sessionId, decisionId });
    return validJson(c, DecideResult, { sessionId, decisionId, choice: body.choice, resumed });
  });
  return app;
}
