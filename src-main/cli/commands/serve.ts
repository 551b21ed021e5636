import type { Command } from 'commander';
import { workspaceOption } from '../workspace-option';
import type { OrchestratorConfig } from '../../../src-shared/models';
import { loadConfig } from '../../config/load-config';
import { UserInputError } from '../../coordinator/errors';
import { SessionService } from '../../coordinator/session-service';
import { startApiServer, type RunningServer } from '../../server';
import { doctorAgents } from '../../setup/doctor';
import { EXIT } from '../exit-codes';
import { stderrWrite, type Write } from '../output';

/** Fixed so a bookmarked dashboard keeps working; --port 0 picks any free port. */
export const DEFAULT_PORT = 8765;

export interface ServeSettings {
  /** 127.0.0.1 unless the person configured another address. */
  host?: string;
  port?: number;
  /** The config the sessions run with, so the dashboard's agent checks say what a start would do. */
  config?: OrchestratorConfig;
  /** The session the printed dashboard link opens on (`run … --serve`); without it, the new-task form. */
  session?: string;
}

export function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UserInputError(`--port must be a number from 0 to 65535, not "${value}"`, 'bad_port');
  }
  return port;
}

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'is in use',
  EACCES: 'may not be used by you',
  EADDRNOTAVAIL: 'is not an address of this machine',
};

/** Starts the API and the dashboard on a service and tells the person where (stderr), with the token. */
export async function startServing(
  service: SessionService,
  settings: ServeSettings,
  write: Write = stderrWrite,
): Promise<RunningServer> {
  const config = settings.config ?? loadConfig(undefined);
  const port = settings.port ?? config.server.port ?? DEFAULT_PORT;
  const host = settings.host ?? config.server.host;
  let server: RunningServer;
  try {
    server = await startApiServer({
      service,
      host,
      port,
      doctor: () => doctorAgents(config),
      onInternalError: (error) => write(`orchestrate serve: ${(error as Error).stack ?? String(error)}\n`),
    });
  } catch (error) {
    const problem = LISTEN_ERRORS[(error as NodeJS.ErrnoException).code ?? ''];
    if (!problem) throw error;
    const where = `${host}:${port}`;
    throw new UserInputError(`${where} ${problem}: pass --port N (0 picks a free port)`, 'bad_port');
  }
  // The session rides in the fragment beside the token: the browser sends neither to any server.
  const dashboard =
    server.dashboardUrl && settings.session
      ? `${server.dashboardUrl}&session=${encodeURIComponent(settings.session)}`
      : server.dashboardUrl;
  const lines = [
    ...server.warnings.map((w) => `warning: ${w}`),
    dashboard
      ? `dashboard: ${dashboard}`
      : 'dashboard: not built (npx electron-vite build); serving the API only',
    `api: ${server.url} (send "Authorization: Bearer <token>")`,
    `token: ${server.token}`,
  ];
  write(`${lines.join('\n')}\n`);
  return server;
}

/** The options of `run` that --serve reads. */
interface RunServeOptions {
  serve?: boolean;
  port?: string;
  config?: string;
}

/** `run … --serve [--port N]`: the options, added to a command. */
export const addServeOptions = (command: Command): Command =>
  command
    .option('--serve', 'also serve the HTTP API and the dashboard while the session runs')
    .option('--port <n>', `port of --serve (default ${DEFAULT_PORT}; 0 picks a free one)`);

/** For `run`: the server when --serve was given (closed by the caller when the run ends), else null. */
export async function serveIfAsked(
  service: SessionService,
  options: RunServeOptions,
  settings: Omit<ServeSettings, 'port' | 'config'> = {},
  write: Write = stderrWrite,
): Promise<RunningServer | null> {
  if (options.port !== undefined && !options.serve) {
    throw new UserInputError('--port needs --serve', 'bad_port');
  }
  if (!options.serve) return null;
  const port = options.port === undefined ? undefined : parsePort(options.port);
  return startServing(service, { ...settings, port, config: loadConfig(options.config) }, write);
}

/** Resolves at the first SIGINT or SIGTERM; a second one quits at once. */
function untilSignal(onSecond: () => void): Promise<void> {
  return new Promise((resolve) => {
    const first = () => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      process.once('SIGINT', onSecond);
      process.once('SIGTERM', onSecond);
      resolve();
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}

interface ServeOptions {
  port?: string;
  workspace?: string;
  config?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API and the live dashboard for the stored sessions (and any started there)')
    .option('--port <n>', `port (default ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('--workspace <dir>', 'where session folders are')
    .option('--config <file>', 'config file for sessions started through the API (default: the app config)')
    .action(async (options: ServeOptions) => {
      const port = options.port === undefined ? undefined : parsePort(options.port);
      const config = loadConfig(options.config);
      const service = new SessionService({ workspace: workspaceOption(options.workspace), config });
      const server = await startServing(service, { port, config });
      await untilSignal(() => process.exit(EXIT.interrupted));
      stderrWrite('stopping the sessions started here…\n');
      await service.stopAll();
      await server.close();
    });
}
