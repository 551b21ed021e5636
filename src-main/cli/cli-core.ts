import type { z } from 'zod';
import { createCore, type CoreCommands } from '../coordinator/core-commands';
import { UserInputError } from '../coordinator/errors';
import { SessionService } from '../coordinator/session-service';
import { loadConfig } from '../config/load-config';

export interface CliCoreOptions {
  /** --workspace DIR, checked; null for a command that reads no session (doctor). */
  workspace: string | null;
  /** --config FILE; the app's config file otherwise. */
  config?: string;
}

/**
 * The command table for one CLI invocation. Its session service is made on first use, so a command that
 * only reads, merges or cleans never starts one (nor needs a valid config); `service` is that service
 * (run and resume follow the session they start through it).
 */
export function cliCore(options: CliCoreOptions): CoreCommands & { service: () => SessionService } {
  let service: SessionService | undefined;
  const made = (): SessionService => {
    if (options.workspace === null) throw new Error('this command reads no session');
    return (service ??= new SessionService({ workspace: options.workspace, configPath: options.config }));
  };
  const core = createCore({
    workspace: options.workspace,
    service: made,
    // Another orchestrate process's session is judged by its folder (clean refuses a live status).
    isRunning: (sessionId) => service?.isRunning(sessionId) ?? false,
    config: () => service?.nextConfig ?? loadConfig(options.config),
  });
  return { ...core, service: made };
}

/** A request built from flags, checked against the command table's schema: one message naming the field. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new UserInputError(`${field}${issue.message}`, 'bad_input');
}
