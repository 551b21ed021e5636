import type { Event, OrchestratorConfig, ReviewTrigger, WorkerStatus } from '../../src-shared/models';

/** A one-shot timer; injectable so tests can run the fallback without waiting minutes. */
export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Read at call time, so vitest's fake timers installed after construction still apply. */
export const systemClock: Clock = {
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // A pending fallback must never keep the process alive on its own.
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ReviewTriggersOptions {
  review: Pick<OrchestratorConfig['review'], 'triggers' | 'fallbackMinutes'>;
  request: (target: string, trigger: ReviewTrigger) => unknown;
  clock?: Clock;
}

/** Protocol signals of a worker, and which configured trigger each one is. */
const SIGNAL_TRIGGERS: Partial<Record<Event['type'], ReviewTrigger>> = {
  MILESTONE: 'milestone',
  BLOCKER: 'blocker',
  REQUEST_REVIEW: 'request_review',
};

/** A worker in one of these will not run again on its own: no fallback review is due. */
const ENDED: ReadonlySet<WorkerStatus> = new Set(['completed', 'failed', 'stopped', 'setup_required']);

/**
 * When to ask for a review, from the session's events: a worker's MILESTONE, BLOCKER or REVIEW_REQUEST
 * line and its completion (each only if the config enables it), the person's button, and a fallback so a
 * worker that never signals is still looked at: once a worker is running, a review is requested when it
 * has had none for `fallbackMinutes`. The fallback is one timer per worker, re-armed by every review
 * request of that worker, so it costs nothing while nothing happens.
 */
export class ReviewTriggers {
  private readonly timers = new Map<string, unknown>();
  private readonly status = new Map<string, WorkerStatus>();
  private readonly enabled: ReadonlySet<ReviewTrigger>;
  private readonly clock: Clock;
  private disposed = false;

  constructor(private readonly options: ReviewTriggersOptions) {
    this.enabled = new Set(options.review.triggers);
    this.clock = options.clock ?? systemClock;
  }

  /** Every event of the session, in order. */
  observe(event: Event): void {
    if (this.disposed) return;
    const worker = event.workerId;
    if (event.type === 'review_requested') {
      const { target } = event.payload.request;
      if (this.timers.has(target)) this.arm(target);
      return;
    }
    if (worker === undefined) return;
    const signal = SIGNAL_TRIGGERS[event.type];
    if (signal) this.fire(worker, signal);
    else if (event.type === 'worker_status') this.onStatus(worker, event.payload.status);
  }

  /** The person's "review now" button. */
  manual(target: string): void {
    if (!this.disposed) this.options.request(target, 'user');
  }

  /** Clears every fallback timer; nothing is requested afterwards. */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private onStatus(worker: string, status: WorkerStatus): void {
    this.status.set(worker, status);
    if (status === 'running' && !this.timers.has(worker)) this.arm(worker);
    else if (ENDED.has(status)) this.disarm(worker);
    if (status === 'completed') this.fire(worker, 'completion');
  }

  private fire(worker: string, trigger: ReviewTrigger): void {
    if (this.enabled.has(trigger)) this.options.request(worker, trigger);
  }

  private arm(worker: string): void {
    this.disarm(worker);
    const ms = this.options.review.fallbackMinutes * 60_000;
    this.timers.set(
      worker,
      this.clock.setTimeout(() => this.onFallback(worker), ms),
    );
  }

  private disarm(worker: string): void {
    const timer = this.timers.get(worker);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.timers.delete(worker);
  }

  /**
   * No review for the whole period. A worker that is paused, rate-limited or recovering is not working on
   * its change, so it is not reviewed now; the timer is re-armed and looks again a period later.
   */
  private onFallback(worker: string): void {
    this.timers.delete(worker);
    if (this.disposed) return;
    this.arm(worker);
    if (this.status.get(worker) === 'running') this.options.request(worker, 'fallback');
  }
}
