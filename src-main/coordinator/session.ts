import type {
  DecisionChoice,
  Event,
  EventDraft,
  OpenDecision,
  SessionState,
  SessionStatus,
  TaskBreakdown,
  WorkerOutcomeSummary,
} from '../../src-shared/models';
import { draft } from '../../src-shared/models';
import { openDecisionsOf, reviewHold } from '../../src-shared/state/oversight';
import { applyEvent, newWorkerState } from '../../src-shared/state/reduce-session';
import type { TargetDecision } from '../review/review-engine';
import { AuditLog, createRedactor, secretsFromEnv, type Redactor } from '../security';
import type { StoreFault } from '../store/append-file';
import { EventHub } from '../store/event-hub';
import { eventLine } from '../store/event-line';
import { SessionFolder } from '../store/session-folder';
import { buildSummary, SummaryLog } from '../store/summary';
import { SESSION_ENV } from '../workers/sweep';
import type { WorktreeTampered } from '../workspace/git';
import { CompletedRuns } from './completed-runs';
import { UserInputError } from './errors';
import { finalStatus } from './final-status';
import type { OneShotStorage } from './one-shot-run';
import { formatTaskPrompt } from './prompts';
import type { SessionAgent } from './session-agent';
import { makeSessionPlan } from './session-plan';
import { SessionReviews } from './session-reviews';
import { SessionSecurity } from './session-security';
import { SessionWorkers } from './session-workers';
import {
  SESSION_FAULT_CODE,
  STORE_FAULT_CODE,
  tagOf,
  type ResumeFrom,
  type SessionOptions,
} from './session-types';
import { templatePlan } from './template-plan';
import { workerResults } from './worker-results';
import { madeWorktree, prepareWorkerWorkspace } from './worker-workspace';

export {
  describeStoreFault,
  SESSION_FAULT_CODE,
  STORE_FAULT_CODE,
  TAMPERED_RULE,
  type ResumeChoice,
  type ResumeFrom,
  type SessionOptions,
} from './session-types';
export type { SessionAgent } from './session-agent';

const STATE_EVENTS = new Set<Event['type']>([
  'session_status',
  'worker_status',
  'worker_started',
  'worker_exited',
]);

/**
 * One session from start to summary: plan, isolate each worker in its own worktree, run the workers in
 * parallel, and keep the session folder (state, events, summary) current. Every change goes through the
 * hub as an event; the state is only ever derived from those events. A stored session can be continued:
 * its unfinished workers are relaunched in their worktrees with their CLI's resume.
 */
export class Session {
  readonly hub: EventHub;
  readonly store: SessionFolder;
  readonly state: SessionState;
  private readonly summaryLog = new SummaryLog();
  private readonly workers: SessionWorkers;
  private stopping = false;
  private finished = false;
  /** The run loop has seen the last worker end and is writing the end: nothing may be launched now. */
  private ending = false;
  /** Workers whose last run completed, a question about them since or not (see CompletedRuns). */
  private readonly completedRuns = new CompletedRuns();
  /**
   * Workers an escalation stopped mid-run or kept from starting: a person's "continue anyway" (or answer)
   * on the escalation launches them again; a worker a person stopped is not among them.
   */
  private readonly heldBack = new Set<string>();
  private stateWriteScheduled = false;
  private plan: TaskBreakdown | null = null;
  private readonly reviews: SessionReviews | null;
  private readonly planning = new AbortController();
  private results: Record<string, WorkerOutcomeSummary> = {};
  /** Masks the configured agents' keys and common key formats in everything the CLIs print. */
  private readonly redact: Redactor;
  private readonly audit: AuditLog;
  /** The workers' command guards and worktree checks. */
  private readonly security: SessionSecurity;
  /** The first write to the session folder that failed: the session stops its workers and fails. */
  storeFault: StoreFault | null = null;
  /** Redaction and fault reporting for the planner's and reviewers' files, as for the workers'. */
  private readonly storage: OneShotStorage;

  constructor(
    private readonly options: SessionOptions,
    private readonly resumeFrom?: ResumeFrom,
  ) {
    this.store = SessionFolder.create(options.folder, (fault) => this.onStoreFault(fault));
    this.redact = createRedactor(
      secretsFromEnv({
        ...process.env,
        ...Object.assign({}, ...Object.values(options.config.agents).map((a) => a.env)),
      }),
    );
    this.storage = { redact: this.redact, onFault: this.store.onFault };
    this.state = resumeFrom?.state ?? {
      sessionId: options.sessionId,
      task: options.task,
      repo: options.repo,
      folder: options.folder,
      status: 'pending',
      demo: options.demo,
      baseCommit: options.baseCommit,
      baseBranch: options.baseBranch ?? null,
      startedAt: new Date().toISOString(),
      endedAt: null,
      workers: options.agents.map((a) => newWorkerState(a.workerId, a.agent, options.repo, options.demo)),
      openDecisions: [],
    };
    for (const event of resumeFrom?.events ?? []) {
      this.summaryLog.observe(event);
      this.completedRuns.observe(event);
    }
    this.hub = new EventHub({
      sessionId: options.sessionId,
      serialize: eventLine,
      persist: (event, line) => this.onEvent(event, line),
      loadRange: (from, to) => this.store.loadRange(from, to),
    });
    if (resumeFrom) this.hub.resumeFrom(resumeFrom.events.at(-1)?.seq ?? 0);
    const planEvent = resumeFrom?.events.findLast((e) => e.type === 'plan');
    if (planEvent?.type === 'plan') this.plan = planEvent.payload.breakdown;
    this.reviews =
      options.review === false || !options.config.review.enabled
        ? null
        : new SessionReviews({
            folder: options.folder,
            task: options.task,
            baseCommit: options.baseCommit,
            agents: options.agents,
            config: options.config,
            demo: options.demo,
            pathEnv: options.pathEnv,
            markerEnv: { [SESSION_ENV]: options.sessionId },
            state: this.state,
            plan: () => this.plan,
            emit: (d, workerId) => this.emit(d, workerId),
            onDecision: (decision) => void this.onDecision(decision),
            holds: (target) => this.reviewHold(target),
            storage: this.storage,
          });
    this.reviews?.recall(resumeFrom?.events ?? []);
    this.audit = new AuditLog(options.folder, this.redact);
    this.security = new SessionSecurity({
      sessionId: options.sessionId,
      repo: options.repo,
      state: this.state,
      rules: options.config.security.rules,
      audit: this.audit,
      emit: (d, workerId) => this.emit(d, workerId),
      decide: (decision) => void this.onDecision(decision),
    });
    this.workers = new SessionWorkers({
      options,
      store: this.store,
      redact: this.redact,
      security: this.security,
      emit: (d, workerId) => this.emit(d, workerId),
      // Nothing could be recorded of it: an answer or a resume after a store fault launches nothing.
      blocked: () => this.storeFault !== null,
    });
    this.store.writeState(this.state);
    this.store.writeOwner();
  }

  get id(): string {
    return this.options.sessionId;
  }

  /** The session is past its last launch and writing its end; a choice for it waits for the stored session. */
  get closing(): boolean {
    return this.ending || this.finished;
  }

  emit(d: EventDraft, workerId?: string): Event | null {
    // After the summary is written the log is closed; a late control click must not reopen it.
    if (this.finished) return null;
    return this.hub.emit(d, workerId);
  }

  /** Runs the whole session; resolves with its final status once every worker has ended. */
  async run(): Promise<SessionStatus> {
    try {
      return await this.runToEnd();
    } catch (error) {
      return this.failOnFault(error);
    }
  }

  /**
   * A fault inside this session — a throw from a worker's launch, a parser, a review, the summary — ends
   * this session failed, saying why, its workers stopped; the program and its other sessions go on.
   */
  private async failOnFault(error: unknown): Promise<SessionStatus> {
    if (this.finished) return this.state.status;
    const why = String((error as Error)?.message ?? error).split('\n')[0];
    const message = `the session failed inside the orchestrator: ${why}`;
    this.emit(draft('error', { message, fatal: true, code: SESSION_FAULT_CODE }));
    this.stopping = true;
    this.planning.abort();
    await Promise.allSettled([this.reviews?.cancel(), this.stopWorkers()]);
    await this.workers.settled();
    this.reviews?.dispose();
    this.setStatus('failed', message, true);
    this.finish();
    return 'failed';
  }

  private async runToEnd(): Promise<SessionStatus> {
    if (this.resumeFrom) await this.startResumed();
    else await this.startNew();
    // Workers end, reviews of their last state are decided, and a decision may relaunch a worker (an
    // answer) — so wait until nothing runs and nothing is being reviewed.
    for (;;) {
      await this.workers.ended();
      if (this.reviews?.busy && this.state.status === 'running') this.setStatus('reviewing');
      await this.reviews?.idle();
      if (!this.workers.busy) break;
    }
    this.ending = true;
    this.reviews?.dispose();
    this.results = await workerResults(this.state, (id, error) => this.security.reportTampered(id, error));
    const status = finalStatus(this.state, { storeFault: this.storeFault !== null, stopping: this.stopping });
    // Said again even when unchanged: the log ends with the status the session ended in.
    this.setStatus(
      status,
      this.storeFault ? `could not write the session folder (${this.storeFault.code})` : undefined,
      true,
    );
    this.finish();
    return status;
  }

  async stop(workerId?: string, answering?: OpenDecision): Promise<void> {
    if (workerId === undefined) {
      this.stopping = true;
      this.planning.abort();
    }
    this.emit(
      draft('control', {
        command: 'stop',
        by: 'user',
        ...(workerId ? { target: workerId } : {}),
        ...tagOf(answering, workerId === undefined ? 'stop_session' : 'stop_worker'),
      }),
    );
    // Reviewers and workers are stopped together: a review under way must not hold the stop up.
    await Promise.all([
      workerId === undefined ? this.reviews?.cancel() : undefined,
      this.workers.stop(workerId),
    ]);
    this.reopenIfAnswered();
  }

  /**
   * The program is closing (the app quits, `serve` ends): a session that waits for a person keeps waiting.
   * Its workers are stopped as a headless pause stops them, and it ends paused (or escalated) with its
   * questions open, for the next start to show and `resume` to answer. Any other session is stopped.
   */
  async shutdown(): Promise<void> {
    if (openDecisionsOf(this.state).length === 0) return this.stop();
    this.stopping = true;
    this.planning.abort();
    this.emit(draft('control', { command: 'stop', by: 'system' }));
    await Promise.all([this.reviews?.cancel(), this.stopWorkers()]);
    this.markWaiting();
  }

  pause(workerId?: string): void {
    this.emit(draft('control', { command: 'pause', by: 'user', ...(workerId ? { target: workerId } : {}) }));
    for (const [id, run] of this.workers.entries())
      if (workerId === undefined || id === workerId) run.pause();
  }

  /** Continues paused workers; "continue" on an open decision goes on without answering it (the log says so). */
  async resume(workerId?: string, answering?: OpenDecision): Promise<void> {
    this.emit(
      draft('control', {
        command: 'resume',
        by: 'user',
        ...(workerId ? { target: workerId } : {}),
        ...tagOf(answering, 'continue'),
      }),
    );
    this.reopenIfAnswered();
    for (const [id, run] of this.workers.entries())
      if (workerId === undefined || id === workerId) run.resume();
    if (answering) this.continueAfterAnswer(answering.workerId, null);
    await this.launchHeldBack();
  }

  /**
   * New instructions for one worker (a person's answer, their own follow-up): its run is ended and its CLI
   * conversation relaunched with them; a worker that had finished is relaunched the same way.
   */
  async redirect(workerId: string, message: string, answering?: OpenDecision): Promise<void> {
    const run = this.workers.get(workerId);
    const worker = this.state.workers.find((w) => w.workerId === workerId);
    const agent = this.options.agents.find((a) => a.workerId === workerId);
    if (!run || !worker || !agent)
      throw new UserInputError(`no worker ${workerId} in this session`, 'not_found');
    this.emit(
      draft('control', { command: 'resume', by: 'user', target: workerId, ...tagOf(answering, 'answer') }),
    );
    if (run.finished) {
      const assignment = this.plan?.assignments.find((a) => a.agent === worker.agent);
      this.workers.start({
        agent,
        cwd: worker.cwd,
        branch: worker.branch,
        prompt: this.plan && assignment ? formatTaskPrompt(this.plan, assignment, worker.cwd) : message,
        resumeRef: worker.sessionRef,
        message,
      });
    } else {
      await run.redirect(message);
    }
    this.reopenIfAnswered();
    await this.launchHeldBack();
  }

  /** A person's choice on one of this running session's open decisions. */
  async decide(decision: OpenDecision | null, choice: DecisionChoice, answer?: string): Promise<void> {
    if (choice === 'stop_session') return this.stop(undefined, decision ?? undefined);
    if (!decision) throw new UserInputError(`the choice ${choice} needs an open decision`, 'no_decision');
    if (choice === 'stop_worker') return this.stop(decision.workerId, decision);
    if (choice === 'continue') return this.resume(decision.workerId, decision);
    return this.redirect(decision.workerId, answer ?? '', decision);
  }

  /**
   * The session waited for people: once no escalation is open it is no longer escalated, and once the last
   * open question is answered it is at work again.
   */
  private reopenIfAnswered(): void {
    if (this.stopping) return;
    const open = openDecisionsOf(this.state);
    if (this.state.status === 'escalated' && !open.some((d) => d.action === 'STOP_AND_ESCALATE'))
      this.setStatus(open.length > 0 ? 'paused' : 'running', 'continued');
    else if (this.state.status === 'paused' && open.length === 0) this.setStatus('running', 'answered');
  }

  /**
   * A worker whose question was continued without an answer: one whose run had completed before the
   * question is completed again — its task is not run a second time.
   */
  private continueAfterAnswer(workerId: string, answered: string | null): void {
    if (answered === workerId) return;
    const worker = this.state.workers.find((w) => w.workerId === workerId);
    const run = this.workers.get(workerId);
    if (!worker || worker.status !== 'needs_input' || (run && !run.finished)) return;
    if (openDecisionsOf(this.state).some((d) => d.workerId === workerId)) return;
    if (this.completedRuns.has(workerId))
      this.emit(
        draft('worker_status', { status: 'completed', reason: 'continued without an answer' }),
        workerId,
      );
  }

  /**
   * Once the session is no longer escalated, the completed workers whose review it held back or cancelled
   * are reviewed, and the workers it stopped or kept from starting run again: each in its own worktree (created now for one that never started), on its own CLI conversation
   * when it has one.
   */
  private async launchHeldBack(): Promise<void> {
    if (this.stopping || this.state.status === 'escalated') return;
    this.requestOwedReviews();
    const held = [...this.heldBack];
    this.heldBack.clear();
    for (const workerId of held) {
      const agent = this.options.agents.find((a) => a.workerId === workerId);
      if (agent) await this.launchAgain(agent);
    }
  }

  /**
   * Launches a worker that is not at work with its task: in its worktree (created first for a worker that
   * never started), resuming its CLI conversation when it has one.
   */
  private async launchAgain(agent: SessionAgent): Promise<void> {
    const worker = this.state.workers.find((w) => w.workerId === agent.workerId);
    const run = this.workers.get(agent.workerId);
    if (!worker || (run && !run.finished) || this.stopping || this.ending) return;
    const plan =
      this.plan ??
      templatePlan(
        this.options.task,
        this.options.agents.map((a) => a.agent),
      );
    const assignment = plan.assignments.find((a) => a.agent === worker.agent);
    if (!assignment) return;
    let { cwd, branch } = worker;
    if (worker.startedAt === null && branch === null) {
      // Its worktree may have been made just before the escalation held its launch back.
      const workspace =
        (await madeWorktree(this.options, agent.workerId)) ??
        (await prepareWorkerWorkspace(this.options, agent, (d, id) => this.emit(d, id)));
      if (workspace === null || this.stopping || this.ending) return;
      ({ cwd, branch } = workspace);
    }
    this.workers.start({
      agent,
      cwd,
      branch,
      prompt: formatTaskPrompt(plan, assignment, cwd),
      resumeRef: worker.sessionRef,
    });
  }

  /** Why no review of this worker may start now, or null: nothing is reviewed for nobody to act on. */
  private reviewHold(target: string): string | null {
    return this.stopping ? 'the session is stopping' : reviewHold(this.state, target);
  }

  /** The person's "Review now" for one worker. */
  requestReview(workerId: string): void {
    if (!this.reviews) throw new UserInputError('peer review is off for this session', 'review_off');
    const hold = this.reviewHold(workerId);
    if (hold) throw new UserInputError(`no review now: ${hold}`, 'review_held');
    this.emit(draft('control', { command: 'review', by: 'user', target: workerId }));
    this.reviews.requestNow(workerId);
  }

  /**
   * Carries out the policy's decision (ARCHITECTURE §4): a blocker stops the session's workers and its
   * reviews and escalates; a majority of concerns asks the person — headless, where nobody can answer now,
   * the workers are stopped and the session ends paused; a single concern is only logged. The session's
   * status is announced once, not once per decision.
   */
  private async onDecision(decision: TargetDecision): Promise<void> {
    if (decision.action === 'STOP_AND_ESCALATE') {
      for (const [id, run] of this.workers.entries()) if (!run.finished) this.heldBack.add(id);
      this.emit(draft('control', { command: 'stop', by: 'policy' }));
      this.setStatus('escalated', `${decision.target}: ${decision.reason}`);
      await Promise.all([this.reviews?.cancel(), this.stopWorkers()]);
      this.markWaiting();
      return;
    }
    if (decision.action !== 'PAUSE_AND_CLARIFY') return;
    if (this.state.status !== 'escalated')
      this.setStatus('paused', `waiting for an answer about ${decision.target}`);
    if (this.options.interactive) {
      this.emit(draft('control', { command: 'pause', by: 'policy', target: decision.target }));
      this.workers.get(decision.target)?.pause();
      this.markWaiting();
    } else {
      this.emit(draft('control', { command: 'stop', by: 'policy' }));
      await this.stopWorkers();
      this.markWaiting();
    }
  }

  /** Every worker with an open question says it needs input, even after its process was stopped or paused. */
  private markWaiting(): void {
    for (const open of openDecisionsOf(this.state)) {
      const worker = this.state.workers.find((w) => w.workerId === open.workerId);
      if (worker && worker.status !== 'needs_input')
        this.emit(draft('worker_status', { status: 'needs_input', reason: open.question }), open.workerId);
    }
  }

  /** A redirected worktree found outside the run (opening its diff): a security decision, reported once. */
  reportTampered(workerId: string, error: WorktreeTampered): void {
    this.security.reportTampered(workerId, error);
  }

  private async stopWorkers(): Promise<void> {
    await this.workers.stop();
  }

  /** The summary as of now; also written to summary.json. */
  writeSummary(): void {
    this.store.writeSummary(buildSummary(this.state, this.summaryLog, this.results));
  }

  private async startNew(): Promise<void> {
    const { options } = this;
    this.emit(
      draft('session_started', {
        task: options.task,
        repo: options.repo,
        agents: options.agents.map((a) => a.workerId),
        demo: options.demo,
        folder: options.folder,
      }),
    );
    this.setStatus('planning');
    const plan = await makeSessionPlan(this.options, this.planning.signal, this.storage, (d) => this.emit(d));
    this.plan = plan;
    this.emit(draft('plan', { breakdown: plan }));
    this.setStatus('running');
    if (options.baseCommit === null) {
      this.emit(
        draft('error', {
          message: `${options.repo} is not a git repository: the agents work in place, without worktrees`,
          fatal: false,
          code: 'not_a_git_repository',
        }),
      );
    }
    for (const [index, agent] of options.agents.entries()) {
      if (this.launchesHeld(options.agents.slice(index))) break;
      const workspace = await prepareWorkerWorkspace(this.options, agent, (d, id) => this.emit(d, id));
      // A stop or an escalation that came while the worktree was being created must not be followed by a
      // launch: the first workers can finish and be reviewed before the last ones are started.
      if (this.launchesHeld(options.agents.slice(index))) break;
      if (workspace === null) continue;
      const { cwd, branch } = workspace;
      const assignment = plan.assignments.find((a) => a.agent === agent.agent) ?? plan.assignments[index]!;
      const prompt = formatTaskPrompt(plan, assignment, cwd);
      this.workers.start({ agent, cwd, branch, prompt, resumeRef: null });
      // Each spawn blocks the loop for milliseconds (more with many workers starting at once): let the
      // workers already running be read between two launches, not only after the last one.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * True once the session is stopping or escalated: the workers not started yet never will be, and say so
   * (an escalation stops all work until a person has looked).
   */
  private launchesHeld(notStarted: readonly SessionAgent[]): boolean {
    if (!this.stopping && this.state.status !== 'escalated') return false;
    const why = this.stopping ? 'the session is stopping' : 'the session was escalated';
    for (const { workerId } of notStarted) {
      const worker = this.state.workers.find((w) => w.workerId === workerId);
      if (worker?.status !== 'pending') continue;
      if (!this.stopping) this.heldBack.add(workerId);
      this.emit(draft('worker_status', { status: 'stopped', reason: `not started: ${why}` }), workerId);
    }
    return true;
  }

  /**
   * Continues a stored session: the person's choice on an open decision is recorded first (without one,
   * every open decision is continued), then every worker that had not completed is relaunched in its own
   * worktree with its CLI's resume — the answered one with the answer — except those whose question is
   * still open: they go on waiting.
   */
  private async startResumed(): Promise<void> {
    const { options } = this;
    this.plan ??= templatePlan(
      options.task,
      options.agents.map((a) => a.agent),
    );
    const damaged = this.resumeFrom?.damagedLines ?? [];
    if (damaged.length > 0) {
      // The lines stay in the file as they are; only the replay went without them, so the person is told.
      const where = damaged.length === 1 ? `line ${damaged[0]}` : `lines ${damaged.join(', ')}`;
      this.emit(
        draft('error', {
          message: `events.jsonl ${where} could not be read (not valid JSON): left as it is, the session resumed without ${damaged.length === 1 ? 'it' : 'them'}`,
          fatal: false,
          code: 'damaged_log',
        }),
      );
    }
    const choice = this.resumeFrom?.choice;
    if (choice) {
      const { decision } = choice;
      this.emit(
        draft('control', {
          command: 'resume',
          by: 'user',
          target: decision.workerId,
          ...tagOf(decision, choice.choice),
        }),
      );
    } else if (openDecisionsOf(this.state).length > 0) {
      this.emit(draft('control', { command: 'resume', by: 'user' }));
    }
    const answered = choice?.choice === 'answer' ? choice.decision.workerId : null;
    const waiting = openDecisionsOf(this.state).map((d) => d.workerId);
    this.setStatus(
      waiting.length > 0 ? 'paused' : 'running',
      answered ? `answered: ${answered}` : choice ? `continued: ${choice.decision.workerId}` : 'resumed',
    );
    for (const agent of options.agents) {
      const worker = this.state.workers.find((w) => w.workerId === agent.workerId);
      if (!worker) continue;
      if (answered === worker.workerId) {
        const assignment = this.plan.assignments.find((a) => a.agent === worker.agent);
        this.workers.start({
          agent,
          cwd: worker.cwd,
          branch: worker.branch,
          prompt: assignment ? formatTaskPrompt(this.plan, assignment, worker.cwd) : choice!.answer!,
          resumeRef: worker.sessionRef,
          message: choice!.answer!,
        });
        continue;
      }
      if (waiting.includes(worker.workerId) || worker.status === 'completed') continue;
      // Its run had completed before its question, which was continued: it is not run a second time.
      if (this.completedRuns.has(worker.workerId)) {
        this.emit(
          draft('worker_status', { status: 'completed', reason: 'continued without an answer' }),
          worker.workerId,
        );
        continue;
      }
      await this.launchAgain(agent);
    }
    this.requestOwedReviews();
  }

  /** Completed workers whose review an escalation held back or cancelled are reviewed now. */
  private requestOwedReviews(): void {
    for (const workerId of this.completedRuns.unjudged()) this.reviews?.requestOwed(workerId);
  }

  /** Announces the session's status once: the same status again (another question) is not news. */
  private setStatus(status: SessionStatus, reason?: string, final = false): void {
    if (this.state.status === status && !final) return;
    this.emit(draft('session_status', { status, ...(reason ? { reason } : {}) }));
  }

  /**
   * The session folder could not be written (disk full or read-only, I/O error, size limit): going on
   * would run the agents with nothing recorded, so the session stops them as on a stop — process groups and
   * all — and ends failed, saying why. Whatever can still be recorded is.
   */
  private onStoreFault(fault: StoreFault): void {
    if (this.storeFault) return;
    this.storeFault = fault;
    // Failing to write the final state or summary: nothing runs any more, but the caller learns of it.
    if (this.finished) return;
    this.stopping = true;
    // A fault is reported from inside a write, often in the middle of an emit: act on the next turn.
    setImmediate(() => void this.stopForStoreFault(fault));
  }

  private async stopForStoreFault(fault: StoreFault): Promise<void> {
    // Worded apart from describeStoreFault: the CLI's progress shows this event, then that one message.
    const message = `could not write ${fault.path}: ${fault.code} (${fault.message}); stopping the agents`;
    this.emit(draft('error', { message, fatal: true, code: STORE_FAULT_CODE }));
    this.emit(draft('control', { command: 'stop', by: 'system' }));
    this.planning.abort();
    await this.reviews?.cancel();
    await this.stopWorkers();
  }

  private onEvent(event: Event, line: string | undefined): void {
    this.store.persistEvent(event, line);
    applyEvent(this.state, event);
    this.summaryLog.observe(event);
    this.completedRuns.observe(event);
    this.reviews?.observe(event);
    if (STATE_EVENTS.has(event.type)) this.scheduleStateWrite();
    if (event.type === 'worker_started' && event.workerId && event.payload.pid !== null) {
      this.store.writeWorkerProcess(event.workerId, event.payload.pid);
    }
  }

  /**
   * session.json follows the state once per tick, not once per status event: starting 16 workers emits some
   * fifty of them in one go, and each write is a file written and renamed.
   */
  private scheduleStateWrite(): void {
    if (this.stateWriteScheduled) return;
    this.stateWriteScheduled = true;
    setImmediate(() => {
      this.stateWriteScheduled = false;
      if (!this.finished) this.store.writeState(this.state);
    });
  }

  private finish(): void {
    this.finished = true;
    this.audit.close();
    this.store.writeState(this.state);
    this.writeSummary();
    this.hub.drain();
    this.store.close();
  }
}
