import type { StateCreator } from 'zustand';
import type {
  ControlCommand,
  DecideRequest,
  SessionEventsPayload,
  SessionListItem,
  StartSessionRequest,
} from '../../../src-shared/ipc/contract';
import type { SessionView } from './session-view';

export type Screen = 'new' | 'sessions' | 'session' | 'settings';

export interface NavigationSlice {
  screen: Screen;
  showNewTask(): void;
  showSessions(): void;
  showSettings(): void;
}

export interface SessionsSlice {
  sessions: readonly SessionListItem[];
  sessionsError: string | null;
  /** Session ids whose resume is on its way. */
  resuming: Readonly<Record<string, boolean>>;
  refreshSessions(): Promise<void>;
  /** Continues a stored session and opens it. */
  resumeSession(sessionId: string): Promise<void>;
}

export interface SessionViewSlice {
  view: SessionView | null;
  /** Throws the client's error so the form can show it beside the field it is about. */
  startSession(request: StartSessionRequest): Promise<void>;
  openSession(sessionId: string): Promise<void>;
  /** Pause, resume or stop one worker, or all of them without workerId. */
  control(command: ControlCommand, workerId?: string): Promise<void>;
  /** The person's answer to a decision that waits for them, aimed at the worker the decision is about. */
  decide(request: Omit<DecideRequest, 'sessionId'>): Promise<void>;
}

export type DockMode = 'normalized' | 'raw' | 'diff';
/** What the session screen shows: the workers at work, or their work to review and merge. */
export type SessionTab = 'workers' | 'review';
export type Theme = 'system' | 'light' | 'dark';

export interface UiSlice {
  /** The worker that keyboard commands act on. */
  focusedWorker: string | null;
  /** The log / diff panel under the panes; null when it is closed. */
  dock: { workerId: string; mode: DockMode } | null;
  theme: Theme;
  /**
   * The newest open decision when the person closed "Needs you": the queue opens by itself again only for a
   * newer one; 0 opens it now (the banner's and the header's button).
   */
  dismissedDecisionSeq: number;
  /** A short answer to a keyboard command that could not run, read out by screen readers. */
  notice: string | null;
  /** Log views keep the newest line in sight until the person scrolls up. */
  followTail: boolean;
  sessionTab: SessionTab;
  showSessionTab(tab: SessionTab): void;
  /** One worker shown alone with its log beside it; null shows every pane. */
  focusMode: string | null;
  setFocusMode(workerId: string | null): void;
  setFollowTail(follow: boolean): void;
  focusWorker(workerId: string | null): void;
  openDock(workerId: string, mode?: DockMode): void;
  closeDock(): void;
  setTheme(theme: Theme): void;
  dismissDecision(seq: number): void;
  say(notice: string | null): void;
}

/** What the client behind the store can do; a feature it lacks is disabled with the reason. */
export interface Capabilities {
  resume: boolean;
  decide: boolean;
  rawLog: boolean;
  diff: boolean;
  doctor: boolean;
  config: boolean;
  /** Diffstats and dry-run merges for the review & merge screen. */
  outcomes: boolean;
  merge: boolean;
  openWorktree: boolean;
}

export interface RootActions {
  capabilities: Capabilities;
  /** The one entry point of every event batch from the app. */
  applyEvents(payload: SessionEventsPayload): void;
}

export type AppState = NavigationSlice & SessionsSlice & SessionViewSlice & UiSlice & RootActions;
export type Slice<T> = StateCreator<AppState, [], [], T>;

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
