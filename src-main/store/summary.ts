import type { Event, SessionState, SessionSummary, WorkerOutcomeSummary } from '../../src-shared/models';
import { noSpend, sessionSpend } from '../../src-shared/state/spend';

/** Reviews and decisions as the summary lists them, collected while events pass. */
export class SummaryLog {
  readonly reviews: SessionSummary['reviews'] = [];
  readonly decisions: SessionSummary['decisions'] = [];

  observe(event: Event): void {
    if (event.type === 'review_verdict') {
      const { target, reviewer, verdict } = event.payload.review;
      this.reviews.push({ target, reviewer, verdict });
    } else if (event.type === 'decision') {
      this.decisions.push({ action: event.payload.action, reason: event.payload.reason });
    }
  }
}

/** summary.json (ARCHITECTURE §5) from the session's state at this moment. */
export function buildSummary(
  state: SessionState,
  log: SummaryLog,
  results: Readonly<Record<string, WorkerOutcomeSummary>> = {},
): SessionSummary {
  return {
    sessionId: state.sessionId,
    task: state.task,
    status: state.status,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    workers: state.workers.map((w) => {
      const result = results[w.workerId];
      return {
        workerId: w.workerId,
        agent: w.agent,
        status: w.status,
        exitCode: w.exitCode,
        sessionRef: w.sessionRef,
        tokens: { ...w.tokens },
        costUsd: w.costUsd,
        // The diff is what the branch changes; tool events miss files written through a shell.
        filesChanged: result ? result.diffstat.files.map((f) => f.path) : [...w.filesChanged],
        recoveries: w.recoveries,
        branch: w.branch,
        ...(result ?? {}),
        ...(w.model ? { model: w.model } : {}),
        reviewSpend: w.reviewSpend ?? noSpend(),
      };
    }),
    reviews: [...log.reviews],
    decisions: [...log.decisions],
    spend: sessionSpend(state),
  };
}
