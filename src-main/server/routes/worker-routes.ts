import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  LOG_PAGE_MAX,
  LogPage,
  LogSearch,
  RAW_PAGE_MAX,
  RawLogPage,
  RawLogSearch,
  SEARCH_PAGE_MAX,
  SessionOutcomes,
  WorkerDiff,
  WorkerMergeResult,
} from '../../../src-shared/ipc/contract';
import { EventType } from '../../../src-shared/models';
import type { SessionService } from '../../coordinator/session-service';
import { ApiError } from '../api-error';
import { validJson } from '../respond';
import { selectSession } from '../select-session';
import { SESSION_HEADER } from './read-routes';

const PageQuery = z.object({
  from: z.coerce.number().int().positive().default(1),
  count: z.coerce.number().int().positive().max(RAW_PAGE_MAX).default(500),
});

const SearchQuery = z.object({
  q: z.string().min(1).max(1_000),
  from: z.coerce.number().int().positive().default(1),
  limit: z.coerce.number().int().positive().max(SEARCH_PAGE_MAX).default(1_000),
});

/** Which log of events: `worker` (none: the session's own events) and optionally one event `type`. */
const LogQuery = z.object({ worker: z.string().min(1).optional(), type: EventType.optional() });
const LogPageQuery = LogQuery.extend({
  from: z.coerce.number().int().positive().default(1),
  count: z.coerce.number().int().positive().max(LOG_PAGE_MAX).default(500),
});
const LogSearchQuery = LogQuery.extend(SearchQuery.shape);

function query<S extends z.ZodType>(
  schema: S,
  values: Record<string, string | undefined>,
  problem: string,
): z.output<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new ApiError(400, 'invalid_input', problem);
  return parsed.data;
}

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

  app.get('/workers/:workerId/raw', async (c) => {
    const { sessionId, workerId } = worker(c);
    const page = PageQuery.safeParse({ from: c.req.query('from'), count: c.req.query('count') });
    if (!page.success) {
      throw new ApiError(400, 'invalid_input', `from must be ≥ 1 and count from 1 to ${RAW_PAGE_MAX}`);
    }
    return validJson(
      c,
      RawLogPage,
      await service.rawLog(sessionId, workerId, page.data.from, page.data.count),
    );
  });
  app.get('/workers/:workerId/raw/search', async (c) => {
    const { sessionId, workerId } = worker(c);
    const { q, from, limit } = query(
      SearchQuery,
      { q: c.req.query('q'), from: c.req.query('from'), limit: c.req.query('limit') },
      `q must be 1 to 1000 characters, from ≥ 1 and limit from 1 to ${SEARCH_PAGE_MAX}`,
    );
    return validJson(c, RawLogSearch, await service.rawSearch(sessionId, workerId, q, from, limit));
  });
  // A log of events read back from the session's events.jsonl: a worker's, or the session's own.
  app.get('/log', async (c) => {
    const { sessionId } = selectSession(service, c.req.query('session'));
    c.header(SESSION_HEADER, sessionId);
    const {
      worker: workerId,
      type,
      from,
      count,
    } = query(
      LogPageQuery,
      c.req.query(),
      `from must be ≥ 1, count from 1 to ${LOG_PAGE_MAX}, type an event type`,
    );
    return validJson(c, LogPage, await service.log(sessionId, workerId ?? null, type ?? null, from, count));
  });
  app.get('/log/search', async (c) => {
    const { sessionId } = selectSession(service, c.req.query('session'));
    c.header(SESSION_HEADER, sessionId);
    const {
      worker: workerId,
      type,
      q,
      from,
      limit,
    } = query(
      LogSearchQuery,
      c.req.query(),
      `q must be 1 to 1000 characters, from ≥ 1, limit from 1 to ${SEARCH_PAGE_MAX}, type an event type`,
    );
    return validJson(
      c,
      LogSearch,
      await service.logSearch(sessionId, workerId ?? null, type ?? null, q, from, limit),
    );
  });
  app.get('/workers/:workerId/diff', async (c) => {
    const { sessionId, workerId } = worker(c);
    return validJson(c, WorkerDiff, await service.diff(sessionId, workerId));
  });
  // The review & merge screen: each worker's diffstat and dry-run merge, and the core merge itself.
  app.get('/outcomes', async (c) => {
    const { sessionId } = selectSession(service, c.req.query('session'));
    c.header(SESSION_HEADER, sessionId);
    return validJson(c, SessionOutcomes, await service.outcomes(sessionId));
  });
  app.post('/workers/:workerId/merge', async (c) => {
    const { sessionId, workerId } = worker(c);
    return validJson(c, WorkerMergeResult, await service.merge(sessionId, workerId));
  });
  return app;
}
