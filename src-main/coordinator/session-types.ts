import type {
  DecisionChoice,
  Event,
  OpenDecision,
  OrchestratorConfig,
  SessionState,
  TaskBreakdown,
} from '../../src-shared/models';
import type { StoreFault } from '../store/append-file';
import type { SessionAgent } from './session-agent';

// What a session is made from and what it says about itself: its options, a resume's starting point, a
// worker's launch, and the codes of the events that say why it stopped.

export interface SessionOptions {
  sessionId: string;
  task: string;
  /** The repository's top level (or the directory itself when it is not a git repository). */
  repo: string;
  /** HEAD at start; null runs every worker in place (not a git repository). */
  baseCommit: string | null;
  /** The branch the user's checkout was on at start (null: detached or no git); absent on a resume. */
  baseBranch?: string | null;
  agents: SessionAgent[];
  demo: boolean;
  folder: string;
  config: OrchestratorConfig;
  pathEnv: string;
  /** agent: the planner agent splits the task (default); template: the built-in split, no agent run. */
  planMode?: 'agent' | 'template';
  /** A plan already made (and perhaps edited by the person): used as is. */
  plan?: TaskBreakdown;
  /** Peer review on (default) or off. */
  review?: boolean;
  /**
   * A person is watching (the app, the dashboard): PAUSE_AND_CLARIFY pauses the worker and waits for an
   * answer. Headless, nobody can answer now: the session ends paused (exit 4) and `resume --answer` goes on.
   */
  interactive?: boolean;
}

/** A person's choice on an open decision of a stored session, carried out as it is continued. */
export interface ResumeChoice {
  decision: OpenDecision;
  choice: 'answer' | 'continue';
  /** The answer, for the decision's worker (choice answer). */
  answer?: string;
}

/** A stored session to continue: its log so far, folded into state. */
export interface ResumeFrom {
  events: readonly Event[];
  state: SessionState;
  /** The open decision answered; without one, every open decision is continued without an answer. */
  choice?: ResumeChoice;
  /** Lines of events.jsonl that could not be read (damage in the middle, left in place): said on resume. */
  damagedLines?: readonly number[];
}

export interface WorkerLaunchSpec {
  agent: SessionAgent;
  cwd: string;
  branch: string | null;
  /** The worker's task prompt: what a fresh conversation starts from. */
  prompt: string;
  resumeRef: string | null;
  /** A message for the resumed conversation (an answer, new instructions); a fresh one gets it after the task. */
  message?: string;
}

/** The error code of the event that says the session folder could not be written. */
export const STORE_FAULT_CODE = 'session_folder_unwritable';

/** The rule of the security decision taken when a worker's worktree `.git` was redirected. */
export const TAMPERED_RULE = 'worktree-tampered';

/** The code of the error event of a session that failed on a fault inside the orchestrator. */
export const SESSION_FAULT_CODE = 'session_fault';

/** One line naming the problem and where: the CLI's message when a session ends on a store fault. */
export const describeStoreFault = (fault: StoreFault): string =>
  `session folder is not writable: ${fault.code} (${fault.message}) at ${fault.path}`;

/** The fields of a control event that say which open decision it answers, and how. */
export function tagOf(
  decision: OpenDecision | undefined,
  choice: DecisionChoice,
): { decision?: string; choice?: DecisionChoice } {
  return decision ? { decision: decision.id, choice } : {};
}
