import type {
  Event,
  EventDraft,
  OrchestratorConfig,
  SessionState,
  TaskBreakdown,
} from '../../src-shared/models';
import { ReviewEngine, type TargetDecision } from '../review/review-engine';
import { ReviewTriggers } from '../review/triggers';
import type { OneShotStorage } from './one-shot-run';
import type { SessionAgent } from './session-agent';
import { workerCheckout } from './worker-checkout';

export interface SessionReviewsOptions {
  folder: string;
  task: string;
  baseCommit: string | null;
  agents: readonly SessionAgent[];
  config: OrchestratorConfig;
  demo: boolean;
  pathEnv: string;
  markerEnv: Record<string, string>;
  state: SessionState;
  plan: () => TaskBreakdown | null;
  emit: (draft: EventDraft, workerId?: string) => Event | null;
  onDecision: (decision: TargetDecision) => void;
  /** Why no review of this worker may start now, or null (see ReviewEngineOptions.holds). */
  holds?: (target: string) => string | null;
  /** Redaction and fault reporting of the reviewers' files, as for the workers'. */
  storage?: OneShotStorage;
}

/**
 * The session's peer review: the triggers watch the log, the engine asks every other enabled agent for a
 * blind verdict on the target's diff, and each decision goes back to the session to be carried out.
 */
export class SessionReviews {
  private readonly engine: ReviewEngine;
  private readonly triggers: ReviewTriggers;
  private readonly completionReviews: boolean;

  constructor(options: SessionReviewsOptions) {
    const { config } = options;
    this.completionReviews = config.review.triggers.includes('completion');
    this.engine = new ReviewEngine({
      sessionFolder: options.folder,
      reviewersFor: (target) =>
        options.agents
          .filter((a) => a.workerId !== target && config.agents[a.agent]?.enabled !== false)
          .map((a) => ({ agent: a.agent, adapter: a.adapter, config: config.agents[a.agent] })),
      targetInfo: (target) => {
        const worker = options.state.workers.find((w) => w.workerId === target);
        if (!worker) return null;
        return {
          cwd: worker.cwd,
          git: workerCheckout(options.state.repo, worker),
          baseCommit: options.baseCommit,
          assignment: options.plan()?.assignments.find((a) => a.agent === worker.agent) ?? null,
          task: options.task,
        };
      },
      demo: options.demo,
      pathEnv: options.pathEnv,
      markerEnv: options.markerEnv,
      // A reviewer gets as long as a worker may stay silent; a review that never answers must not stall the session.
      limits: { timeoutSec: Math.min(config.limits.idleTimeoutSec, config.limits.maxRuntimeSec) },
      emit: options.emit,
      onDecision: options.onDecision,
      // A CLI its own worker found not set up would fail the same way as a reviewer: it is not launched.
      cannotReview: (agent) => {
        const broken = options.state.workers.find((w) => w.agent === agent && w.status === 'setup_required');
        return broken ? `its CLI needs setup (${broken.statusReason ?? 'setup required'})` : null;
      },
      ...(options.holds ? { holds: options.holds } : {}),
      ...(options.storage ? { storage: options.storage } : {}),
    });
    this.triggers = new ReviewTriggers({
      review: config.review,
      request: (target, trigger) => void this.engine.request(target, trigger),
    });
  }

  /** What earlier runs of this session reviewed and decided (see ReviewEngine.recall). */
  recall(events: readonly Event[]): void {
    this.engine.recall(events);
  }

  observe(event: Event): void {
    this.triggers.observe(event);
  }

  /** A completed worker's review that was held back or cancelled, asked for now (if completion triggers one). */
  requestOwed(target: string): void {
    if (this.completionReviews) void this.engine.request(target, 'completion');
  }

  /** The person's "Review now". */
  requestNow(target: string): void {
    this.triggers.manual(target);
  }

  /** A review is running or queued. */
  get busy(): boolean {
    return this.engine.busy;
  }

  /** Resolves when no review is running or queued: the last verdicts are in and decided. */
  idle(): Promise<void> {
    return this.engine.idle();
  }

  async cancel(): Promise<void> {
    this.triggers.dispose();
    await this.engine.cancel();
  }

  dispose(): void {
    this.triggers.dispose();
  }
}
