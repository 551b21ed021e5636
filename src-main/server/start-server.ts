import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { SessionService } from '../coordinator/session-service';
import { createApiApp } from './create-app';
import { findRendererDir, loadDashboard } from './dashboard-files';
import { DEFAULT_HOST, hostForUrl, isLoopbackHost } from './hosts';
import type { DoctorProbe } from './routes/session-routes';
import type { StreamRegistryOptions } from './routes/stream-route';
import { loadOrCreateToken } from './token';

export interface StartServerOptions {
  service: SessionService;
  /** 127.0.0.1 unless the person configured another address. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The install's token by default (created on first use in the app data folder). */
  token?: string;
  /** The built renderer; by default out/renderer when it exists. null serves the API alone. */
  rendererDir?: string | null;
  doctor?: DoctorProbe;
  onInternalError?: (error: unknown) => void;
  /** Limits of the event streams (the defaults serve; tests shorten them). */
  streams?: StreamRegistryOptions;
}

export interface RunningServer {
  host: string;
  port: number;
  /** http://host:port, without the token. */
  url: string;
  /** The dashboard with the token in the fragment (never sent to a server, never in a cookie). */
  dashboardUrl: string | null;
  token: string;
  /** Things the person must know, such as being reachable from other machines. */
  warnings: string[];
  close(): Promise<void>;
}

/** What the person must be told about an address before anything listens on it. */
export const listenWarnings = (host: string): string[] =>
  isLoopbackHost(host)
    ? []
    : [
        `the API listens on ${host}, which other machines may reach: anyone with the token controls the agents`,
      ];

/** Listens, and resolves once the server accepts connections; rejects when the port cannot be had. */
export async function startApiServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const token = options.token ?? loadOrCreateToken();
  const rendererDir = options.rendererDir === undefined ? findRendererDir() : options.rendererDir;
  const dashboard = rendererDir === null ? null : loadDashboard(rendererDir);
  let port = options.port ?? 0;
  const { app, streams } = createApiApp({
    service: options.service,
    token,
    bindHost: host,
    port: () => port,
    dashboard,
    doctor: options.doctor,
    onInternalError: options.onInternalError,
    streams: options.streams,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const created = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(created as Server));
    created.once('error', reject);
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${hostForUrl(host)}:${port}`;
  return {
    host,
    port,
    url,
    dashboardUrl: dashboard ? `${url}/#token=${token}` : null,
    token,
    warnings: listenWarnings(host),
    close: () => closeGracefully(server, () => streams.closeAll()),
  };
}

/** How long requests still being answered at shutdown get before their connections are cut. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Stops accepting, ends the event streams, and lets requests in flight finish. A keep-alive connection
 * turns idle only once its answer is out, so idle ones are closed again every few ms until none is left.
 */
function closeGracefully(server: Server, endStreams: () => void): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    endStreams();
    server.closeIdleConnections();
  });
}
