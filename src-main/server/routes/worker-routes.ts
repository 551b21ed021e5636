import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { RAW_PAGE_MAX, RawLogPage, WorkerDiff } from '../../../src-shared/ipc/contract';
import type { SessionService } from '../../coordinator/session-service';
import { ApiError } from '../api-error';
import { validJson } from '../respond';
import { selectSession } from '../select-session';
import { SESSION_HEADER } from './read-routes';

const PageQuery = z.object({
  from: z.coerce.number().int().positive().default(1),
  count: z.coerce.number().int().positive().max(RAW_PAGE_MAX).default(500),
});

/** One worker's raw output (as its CLI printed it) and its changes against the session's base commit. */
export function workerRoutes(service: SessionService): Hono {
  const app = new Hono();
  const worker = (c: Context): { sessionId: string; workerId: string } => {
    const { sessionId, state } = selectSession(service, c.req.query('session'));
    c.header(SESSION_HEADER, sessionId);
    const workerId = c.req.param('workerId') ?? '';
    if (!state.workers.some((w) => w.workerId === workerId)) {
      throw new ApiError(404, 'not_found', `session ${sessionId} has no worker ${workerId}`);
    }
    return { sessionId, workerId };
  };

  app.get('/workers/:workerId/raw', (c) => {
    const { sessionId, workerId } = worker(c);
    const page = PageQuery.safeParse({ from: c.req.query('from'), count: c.req.query('count') });
    if (!page.success) {
      throw new ApiError(400, 'invalid_input', `from must be ≥ 1 and count from 1 to ${RAW_PAGE_MAX}`);
    }
    return validJson(c, RawLogPage, service.rawLog(sessionId, workerId, page.data.from, page.data.count));
  });
  app.get('/workers/:workerId/diff', async (c) => {
    const { sessionId, workerId } = worker(c);
    return validJson(c, WorkerDiff, await service.diff(sessionId, workerId));
  });
  return app;
}
