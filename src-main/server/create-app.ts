import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createCore } from '../coordinator/core-commands';
import type { SessionService } from '../coordinator/session-service';
import { errorBody, toApiError } from './api-error';
import { dashboardMiddleware, type DashboardFiles } from './dashboard-files';
import { originGuard, tokenGuard } from './guard';
import { validJson } from './respond';
import { controlRoutes } from './routes/control-routes';
import { decisionRoutes } from './routes/decision-routes';
import { readRoutes } from './routes/read-routes';
import { sessionRoutes, type DoctorProbe } from './routes/session-routes';
import { StreamRegistry, streamRoute, type StreamRegistryOptions } from './routes/stream-route';
import { workerRoutes } from './routes/worker-routes';
import { Health } from './schemas';
import { API_CSP, securityHeaders } from './security-headers';

export const STREAM_PATH = '/api/events/stream';
/**
 * A start's body carries the task — up to MAX_TASK_LENGTH (100,000) characters, which JSON may spell in up
 * to 6 bytes each (\uXXXX) — and perhaps a plan: 1 MiB holds the longest task in any script, escaped.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiAppOptions {
  service: SessionService;
  token: string;
  /** The address listened on; its name is accepted in Host headers besides the loopback names. */
  bindHost: string;
  /** The port listened on; known only after listen when 0 was asked for. */
  port: () => number;
  /** The built renderer to serve as the dashboard; null serves the API alone. */
  dashboard: DashboardFiles | null;
  doctor?: DoctorProbe;
  maxBodyBytes?: number;
  /** Told about every unexpected error (the client only gets a bare 500). */
  onInternalError?: (error: unknown) => void;
  /** Limits of the event streams (the defaults serve; tests shorten them). */
  streams?: StreamRegistryOptions;
}

/** The HTTP API of ARCHITECTURE §7 and the dashboard, behind the host, origin and token checks. */
export function createApiApp(options: ApiAppOptions): { app: Hono; streams: StreamRegistry } {
  const { service } = options;
  // The routes that act are adapters over the core's command table; the reading ones read the service.
  const core = createCore({
    workspace: service.workspace,
    service: () => service,
    isRunning: (sessionId) => service.isRunning(sessionId),
  });
  const streams = new StreamRegistry(options.streams);
  const app = new Hono();

  app.use('*', securityHeaders(options.dashboard?.csp ?? API_CSP));
  app.use('*', originGuard({ bindHost: options.bindHost, port: options.port }));
  const auth = tokenGuard({ token: options.token, queryTokenPaths: [STREAM_PATH] });
  app.use('/health', auth);
  app.use('/api/*', auth);
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: options.maxBodyBytes ?? MAX_BODY_BYTES,
      onError: (c) => c.json(errorBody('body_too_large', 'the request body is too large'), 413),
    }),
  );

  app.get('/health', (c) => validJson(c, Health, { status: 'ok' }));
  app.route('/api', sessionRoutes(service, core, options.doctor));
  app.route('/api', decisionRoutes(service, core));
  app.route('/api', readRoutes(service));
  app.route('/api', streamRoute(service, streams));
  app.route('/api', workerRoutes(service));
  app.route('/api', controlRoutes(service, core));
  if (options.dashboard) {
    app.use('*', dashboardMiddleware(options.dashboard));
    // Browsers ask for it on every page; the renderer has none, and a 404 would be an error in the console.
    app.get('/favicon.ico', (c) => c.body(null, 204));
  }

  app.notFound((c) => c.json(errorBody('not_found', 'no such endpoint'), 404));
  app.onError((error, c) => {
    const known = toApiError(error);
    if (known) return c.json(errorBody(known.code, known.message), known.status);
    options.onInternalError?.(error);
    return c.json(errorBody('internal', 'internal error'), 500);
  });
  return { app, streams };
}
