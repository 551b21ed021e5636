import type { Event } from '../../src-shared/models';

/**
 * Which workers' last run ended completed. A question asked about a worker afterwards (its status becomes
 * needs_input) does not undo that: "continue without answering" leaves such a worker completed instead of
 * running its whole task again. A new run (starting, running…) or any other end does.
 */
export class CompletedRuns {
  private readonly done = new Set<string>();
  /** Workers a review decision was made on in their last run. */
  private readonly judged = new Set<string>();

  observe(event: Event): void {
    if (event.type === 'worker_started' && event.workerId) this.judged.delete(event.workerId);
    if (event.type === 'decision') {
      const target = event.payload.target ?? event.workerId;
      if (target) this.judged.add(target);
    }
    if (event.type !== 'worker_status' || !event.workerId) return;
    if (event.payload.status === 'completed') this.done.add(event.workerId);
    else if (event.payload.status !== 'needs_input') this.done.delete(event.workerId);
  }

  has(workerId: string): boolean {
    return this.done.has(workerId);
  }

  /**
   * Workers whose last run completed without any review decision on it: a review that an escalation held
   * back or cancelled, owed once the escalation is lifted.
   */
  unjudged(): string[] {
    return [...this.done].filter((workerId) => !this.judged.has(workerId));
  }
}
