import { Hono } from 'hono';
import { ControlCommand, ControlRequest, ControlResult } from '../../../src-shared/commands';
import type { CoreCommands } from '../../coordinator/core-commands';
import type { SessionService } from '../../coordinator/session-service';
import { ApiError } from '../api-error';
import { readJsonBody, validJson } from '../respond';
import { selectSession } from '../select-session';
import { SESSION_HEADER } from './read-routes';

/** The optional body of POST /api/control/*: one worker instead of the whole session. */
const ControlBody = ControlRequest.pick({ workerId: true });

/**
 * POST /control/{pause,resume,stop,review}: the person's commands on a running session, for the whole
 * session or one worker ({"workerId": "…"}; a review names the worker to review). They act on the real
 * processes through the service.
 */
export function controlRoutes(service: SessionService, core: Pick<CoreCommands, 'control'>): Hono {
  const app = new Hono();
  app.post('/control/:command', async (c) => {
    const command = ControlCommand.safeParse(c.req.param('command'));
    if (!command.success) throw new ApiError(404, 'not_found', 'no such control command');
    const { workerId } = await readJsonBody(c, ControlBody, { optional: true });
    const { sessionId } = selectSession(service, c.req.query('session'));
    c.header(SESSION_HEADER, sessionId);
    return validJson(c, ControlResult, await core.control({ sessionId, command: command.data, workerId }));
  });
  return app;
}
