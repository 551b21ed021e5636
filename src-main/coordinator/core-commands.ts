import type { CoreCommandName, CoreRequest, CoreResponse } from '../../src-shared/commands';
import type { OrchestratorConfig } from '../../src-shared/models';
import { doctorAgents } from '../setup/doctor';
import { cleanSessions } from './clean-sessions';
import { deleteSession } from './delete-session';
import { UserInputError } from './errors';
import type { SessionService } from './session-service';

/** What the core asks of the session service (structural, so a front end's tests can pass a fake). */
export type CoreService = Pick<
  SessionService,
  'start' | 'plan' | 'decide' | 'control' | 'resume' | 'merge' | 'list' | 'state'
>;

/**
 * The core's side of the command table (src-shared/commands.ts): one function per command a person can
 * give. The app's IPC handlers, the HTTP routes and the CLI commands parse with the table's schemas and call
 * these; nothing about what a command does is decided in a front end.
 */
export type CoreCommands = {
  [N in CoreCommandName]: (request: CoreRequest<N>, signal?: AbortSignal) => Promise<CoreResponse<N>>;
};

export interface CoreContext {
  /** Where session folders are; null for a front end that has none (clean, delete and merge are refused). */
  workspace: string | null;
  /**
   * The session service of this process. Asked for only by the commands that need one, so a CLI command
   * that only reads or cleans the workspace never starts one (nor reads the config for it).
   */
  service: () => CoreService;
  /** This process runs the session now (its file may say otherwise for a moment). */
  isRunning: (sessionId: string) => boolean;
  /** The config doctor checks the agents of: what the next session would run. None: doctor is refused. */
  config?: () => OrchestratorConfig;
}

export function createCore(context: CoreContext): CoreCommands {
  const { service } = context;
  // A session this process runs is running whatever its file says; another process's is judged by its file.
  const runsHere = context.isRunning;
  const workspace = (): string => {
    if (context.workspace === null)
      throw new UserInputError('this front end has no workspace to clean or merge in', 'not_available');
    return context.workspace;
  };
  return {
    start: (request) => service().start(request),
    // Only a front end whose caller can go away (an HTTP request) passes a signal to cancel the planner.
    plan: (request, signal) => (signal ? service().plan(request, signal) : service().plan(request)),
    decide: async (request) => ({ resumed: await service().decide(request) }),
    control: async ({ sessionId, command, workerId }) => {
      await service().control(sessionId, command, workerId);
      return { sessionId, command, ...(workerId === undefined ? {} : { workerId }) };
    },
    resume: ({ sessionId }) => service().resume(sessionId),
    merge: ({ sessionId, workerId }) => service().merge(sessionId, workerId),
    doctor: async () => {
      if (!context.config)
        throw new UserInputError('this front end does not check the agents', 'not_available');
      return doctorAgents(context.config());
    },
    list: async () => service().list(),
    show: async ({ sessionId }) => {
      const state = service().state(sessionId);
      if (!state) throw new UserInputError(`no session ${sessionId}`, 'not_found');
      return state;
    },
    clean: (request) => cleanSessions(workspace(), request, runsHere),
    delete: (request) => deleteSession(workspace(), request, runsHere),
  };
}
