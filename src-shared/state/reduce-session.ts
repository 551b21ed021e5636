import type { Event, SessionState, WorkerState } from '../models';
import { TERMINAL_WORKER_STATUSES } from '../models';
import { applyOversight } from './oversight';
import { addRunUsage, roundUsd } from './spend';
import { describeEvent } from './describe-event';
import { SIGNAL_PLAIN } from '../log/action-words';
import { withoutSignalLines } from '../log/signal-line';
import { toolLine } from '../log/tool-kind';

/** The first line of an agent's final words that is not a signal, clipped for the one-line "now". */
const firstLine = (text: string): string => {
  const line = (withoutSignalLines(text) || text).split('\n').find((l) => l.trim() !== '') ?? '';
  const flat = line.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
};

/** gemini's init names "auto" unless a model was asked for: its router picks the real one per request. */
const isModelName = (model: string | undefined): model is string =>
  model !== undefined && model.trim() !== '' && model !== 'auto';

/** A worker as it is before its first event. */
export function newWorkerState(workerId: string, agent: string, cwd: string, demo: boolean): WorkerState {
  return {
    workerId,
    agent,
    demo,
    status: 'pending',
    pid: null,
    exitCode: null,
    sessionRef: null,
    tokens: { input: 0, output: 0, cached: 0 },
    costUsd: null,
    filesChanged: [],
    recoveries: 0,
    branch: null,
    cwd,
    startedAt: null,
    endedAt: null,
    lastActivity: null,
  };
}

/** Each worker's changed files as a set beside the list, so a long session checks a file in O(1). */
const fileSets = new WeakMap<readonly string[], Set<string>>();

function addChangedFile(files: string[], path: string): void {
  let known = fileSets.get(files);
  if (!known) fileSets.set(files, (known = new Set(files)));
  if (known.has(path)) return;
  known.add(path);
  files.push(path);
}

/**
 * A copy of a worker's list of changed files for the next state to append to; the copy takes the set over
 * (the old list is not appended to again), so copying never costs a rebuild of it.
 */
export function copyChangedFiles(files: readonly string[]): string[] {
  const copy = [...files];
  const known = fileSets.get(files);
  if (known) {
    fileSets.set(copy, known);
    fileSets.delete(files);
  }
  return copy;
}

/**
 * Folds one event into the session state. Main and renderer both derive state with this one function
 * from the one ordered log, so they can never disagree. Mutates and returns `state` for speed on long logs.
 */
export function applyEvent(state: SessionState, event: Event): SessionState {
  if (event.type === 'decision' || event.type === 'control' || event.type === 'session_status')
    applyOversight(state, event);
  if (event.type === 'session_status') {
    state.status = event.payload.status;
    if (['completed', 'failed', 'stopped', 'escalated', 'interrupted'].includes(event.payload.status)) {
      state.endedAt = event.ts;
    }
    return state;
  }
  if (event.type === 'run_usage' && event.payload.role === 'planner') {
    state.plannerSpend = addRunUsage(state.plannerSpend, event.payload);
    return state;
  }
  const worker = event.workerId ? state.workers.find((w) => w.workerId === event.workerId) : undefined;
  if (!worker) return state;
  applyWorkerEvent(worker, event);
  return state;
}

function applyWorkerEvent(worker: WorkerState, event: Event): void {
  switch (event.type) {
    case 'worker_started': {
      worker.pid = event.payload.pid;
      worker.cwd = event.payload.cwd;
      if (event.payload.branch) worker.branch = event.payload.branch;
      worker.startedAt ??= event.ts;
      worker.exitCode = null;
      worker.endedAt = null;
      worker.priorRuns = { ...worker.tokens, costUsd: worker.costUsd };
      if (worker.status === 'pending') worker.status = 'starting';
      return;
    }
    case 'worker_status':
      worker.status = event.payload.status;
      worker.statusReason = event.payload.reason;
      if (TERMINAL_WORKER_STATUSES.includes(event.payload.status)) worker.endedAt ??= event.ts;
      return;
    case 'worker_exited':
      worker.exitCode = event.payload.exitCode;
      worker.pid = null;
      return;
    case 'session_ref':
      worker.sessionRef = event.payload.ref;
      if (isModelName(event.payload.model)) worker.model = event.payload.model;
      return;
    case 'run_usage':
      // A reviewer's run: what reviewing this worker's changes cost.
      worker.reviewSpend = addRunUsage(worker.reviewSpend, event.payload);
      return;
    case 'usage': {
      const base = worker.priorRuns ?? { input: 0, output: 0, cached: 0, costUsd: null };
      worker.tokens = {
        input: base.input + event.payload.inputTokens,
        output: base.output + event.payload.outputTokens,
        cached: base.cached + event.payload.cachedInputTokens,
      };
      if (event.payload.costUsd !== null)
        worker.costUsd = roundUsd((base.costUsd ?? 0) + event.payload.costUsd);
      if (isModelName(event.payload.model)) worker.model = event.payload.model;
      return;
    }
    case 'file_change':
      addChangedFile(worker.filesChanged, event.payload.path);
      worker.lastActivity = `${event.payload.kind} ${event.payload.path}`;
      return;
    case 'recovery_action':
      // Only what was actually retried counts; a setup hint or an escalation is the end of recovering.
      if (event.payload.action.kind === 'relaunch' || event.payload.action.kind === 'backoff')
        worker.recoveries += 1;
      worker.lastActivity = `recovery: ${event.payload.action.reason}`;
      return;
    case 'tool_use':
      worker.lastActivity = toolLine(event.payload.name, event.payload.summary);
      return;
    case 'result':
      // After the run, "now" is how it ended (in the agent's last words), not the last tool it called.
      worker.lastActivity = event.payload.ok
        ? `finished${event.payload.text?.trim() ? `: ${firstLine(event.payload.text)}` : ''}`
        : (describeEvent(event) ?? 'finished with an error');
      return;
    case 'command':
      worker.lastActivity = `run ${event.payload.command}`;
      return;
    case 'MILESTONE':
      worker.lastActivity = `▲ ${SIGNAL_PLAIN.MILESTONE}: ${event.payload.summary}`;
      return;
    default:
      return;
  }
}

/**
 * The state a log leads to, rebuilt from scratch (statuses, usage, files) on the stored session's identity,
 * so nothing is counted twice and a session.json that lagged its log is corrected.
 */
export function replayState(stored: SessionState, events: readonly Event[]): SessionState {
  const state: SessionState = {
    ...stored,
    status: 'pending',
    endedAt: null,
    workers: stored.workers.map((w) => newWorkerState(w.workerId, w.agent, w.cwd, w.demo)),
    openDecisions: [],
  };
  // Counted again from the log, like the workers' usage.
  delete state.plannerSpend;
  for (const event of events) applyEvent(state, event);
  return state;
}
