import { Hono } from 'hono';
import { z } from 'zod';
import {
  AgentDoctor,
  CleanReport,
  DeleteSessionRequest,
  PlanPreview,
  PlanSessionRequest,
  SessionListItem,
  Started,
  StartSessionRequest,
} from '../../../src-shared/commands';
import type { CoreCommands } from '../../coordinator/core-commands';
import type { SessionService } from '../../coordinator/session-service';
import { ApiError } from '../api-error';
import { readJsonBody, validJson } from '../respond';
import { selectSession } from '../select-session';

/** What the new-task screen shows about each agent's CLI. */
export type DoctorProbe = () => Promise<AgentDoctor[]>;

/** `?force=true` (or 1) on a delete: also what is merged nowhere and uncommitted changes. */
const ForceQuery = z.enum(['true', '1', 'false', '0']).optional();

/**
 * The workspace's sessions; a new one planned (nothing started), started, or a stored one continued, in
 * this process (so it is live here); an ended one's worktrees and branches deleted; and the agents'
 * setup, for the new-task screen. Each is the core's command of that name.
 */
export function sessionRoutes(
  service: SessionService,
  core: Pick<CoreCommands, 'list' | 'start' | 'plan' | 'resume' | 'delete'>,
  doctor: DoctorProbe | undefined,
): Hono {
  const app = new Hono();
  app.get('/sessions', async (c) => validJson(c, z.array(SessionListItem), await core.list()));
  app.post('/sessions', async (c) => {
    const request = await readJsonBody(c, StartSessionRequest, { optional: false });
    return validJson(c, Started, await core.start(request), 201);
  });
  app.post('/plan', async (c) => {
    const request = await readJsonBody(c, PlanSessionRequest, { optional: false });
    return validJson(c, PlanPreview, await core.plan(request, c.req.raw.signal));
  });
  app.post('/sessions/:sessionId/resume', async (c) => {
    const { sessionId } = selectSession(service, c.req.param('sessionId'));
    await readJsonBody(c, z.strictObject({}), { optional: true });
    return validJson(c, Started, await core.resume({ sessionId }));
  });
  // The same core as `orchestrate clean ID`: a session at work or waiting is refused (409).
  app.delete('/sessions/:sessionId', async (c) => {
    const { sessionId } = selectSession(service, c.req.param('sessionId'));
    const force = ForceQuery.safeParse(c.req.query('force'));
    if (!force.success) throw new ApiError(400, 'invalid_input', 'force is true or false');
    const request = DeleteSessionRequest.parse({
      sessionId,
      force: force.data === 'true' || force.data === '1',
    });
    return validJson(c, CleanReport, await core.delete(request));
  });
  app.get('/doctor', async (c) => {
    if (!doctor) throw new ApiError(501, 'not_available', 'this server does not check the agents');
    return validJson(c, z.array(AgentDoctor), await doctor());
  });
  return app;
}
