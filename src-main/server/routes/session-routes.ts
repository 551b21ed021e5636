import { Hono } from 'hono';
import { z } from 'zod';
import {
  AgentDoctor,
  PlanPreview,
  PlanSessionRequest,
  SessionListItem,
  StartSessionRequest,
} from '../../../src-shared/ipc/contract';
import type { SessionService } from '../../coordinator/session-service';
import { ApiError } from '../api-error';
import { readJsonBody, validJson } from '../respond';
import { Started } from '../schemas';
import { selectSession } from '../select-session';

/** What the new-task screen shows about each agent's CLI. */
export type DoctorProbe = () => Promise<AgentDoctor[]>;

/**
 * The workspace's sessions; a new one planned (nothing started), started, or a stored one continued, in
 * this process (so it is live here); and the agents' setup, for the new-task screen.
 */
export function sessionRoutes(service: SessionService, doctor: DoctorProbe | undefined): Hono {
  const app = new Hono();
  app.get('/sessions', (c) => validJson(c, z.array(SessionListItem), service.list()));
  app.post('/sessions', async (c) => {
    const request = await readJsonBody(c, StartSessionRequest, { optional: false });
    return validJson(c, Started, await service.start(request), 201);
  });
  app.post('/plan', async (c) => {
    const request = await readJsonBody(c, PlanSessionRequest, { optional: false });
    return validJson(c, PlanPreview, await service.plan(request, c.req.raw.signal));
  });
  app.post('/sessions/:sessionId/resume', async (c) => {
    const { sessionId } = selectSession(service, c.req.param('sessionId'));
    await readJsonBody(c, z.strictObject({}), { optional: true });
    return validJson(c, Started, await service.resume(sessionId));
  });
  app.get('/doctor', async (c) => {
    if (!doctor) throw new ApiError(501, 'not_available', 'this server does not check the agents');
    return validJson(c, z.array(AgentDoctor), await doctor());
  });
  return app;
}
