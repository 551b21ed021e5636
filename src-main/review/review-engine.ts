import { createHash, randomUUID } from 'node:crypto';
import type {
  Event,
  EventDraft,
  OrchestratorDecision,
  PeerReview,
  ReviewRequest,
  ReviewTrigger,
  TaskAssignment,
  Unreviewed,
} from '../../src-shared/models';
import { draft, nowIso } from '../../src-shared/models';
import { ruleInWords } from '../../src-shared/state/oversight';
import { peerReview, type PeerReviewOutcome } from './peer-review';
import { decide } from './policy';
import { buildReviewPrompt } from './review-prompt';
import type { OneShotStorage } from '../coordinator/one-shot-run';
import type { Reviewer } from './run-reviewer';
import { reviewDiff, reviewRange, type ReviewDiff } from './snapshot';

const hashDiff = (patch: string): string => createHash('sha256').update(patch).digest('hex').slice(0, 16);
const verdictKey = (target: string, reviewer: string, diffHash: string): string =>
  `${target}\n${reviewer}\n${diffHash}`;
import type { GitPlace } from '../workspace/git';

/** What the engine needs to know about the worker under review. */
export interface ReviewTargetInfo {
  /** The target's working directory (its worktree); reviewers run there, read-only. */
  cwd: string;
  /** Where git reads the target's work: its worktree through the repository's records (default: cwd). */
  git?: GitPlace;
  /** The session's base commit; null when the project is not a git repository (no diff then). */
  baseCommit: string | null;
  assignment: TaskAssignment | null;
  task: string;
}

export interface ReviewLimits {
  /** A reviewer run still going after this long is stopped, process group and all. */
  timeoutSec: number;
  /** Patch bytes shown in the prompt before it is truncated (review-prompt.ts has the default). */
  maxPatchBytes?: number;
}

export type TargetDecision = OrchestratorDecision & { target: string };

export interface ReviewEngineOptions {
  sessionFolder: string;
  /** The agents that review `target`: every OTHER enabled agent. */
  reviewersFor: (target: string) => readonly Reviewer[];
  /** null for a target the session does not know. */
  targetInfo: (target: string) => ReviewTargetInfo | null;
  demo: boolean;
  pathEnv: string;
  markerEnv: Record<string, string>;
  limits: ReviewLimits;
  emit: (draft: EventDraft, workerId?: string) => Event | null;
  /** Called after the decision event, for the session to act on it (pause, stop, warn). */
  onDecision?: (decision: TargetDecision) => void;
  /**
   * Why no review of this target may start now (it waits for a person, the session was escalated), or
   * null. Asked before every review, queued ones included: nobody would act on its verdicts.
   */
  holds?: (target: string) => string | null;
  /** Why this agent cannot review now (its CLI is known not to run: setup required), or null. */
  cannotReview?: (agent: string) => string | null;
  /** Redaction and fault reporting of the reviewers' files. */
  storage?: OneShotStorage;
}

interface TargetSlot {
  /** A trigger that arrived while this target was being reviewed: one follow-up covers them all. */
  queued: ReviewTrigger | null;
  done: Promise<void>;
}

/**
 * Peer review of one worker's change by the others, then the policy's decision. Reviewers run in
 * parallel and blind — each gets the task, the target's assignment and the diff, never another verdict —
 * so the policy counts independent opinions. A target is reviewed by at most one request at a time; what
 * triggers arrive meanwhile become one follow-up review of the newer state rather than a pile of
 * reviews of the same change.
 */
export class ReviewEngine {
  private readonly slots = new Map<string, TargetSlot>();
  private readonly abort = new AbortController();
  /** Each reviewer's verdict per worker and diff: a reviewer reviews one diff of one worker once. */
  private readonly verdicts = new Map<string, PeerReview>();
  /** Reviewers whose CLI could not review, and why: they are not launched again in this session. */
  private readonly unusable = new Map<string, string>();
  /** Reviewers whose CLI has given a verdict (or a bad answer) here: it runs, several reviews at once. */
  private readonly proven = new Set<string>();
  /** The first run of a reviewer not yet proven, which the others wait for. */
  private readonly trials = new Map<string, Promise<void>>();
  /** Per worker: the last request reviewed, and what its decision said (action and reason). */
  private readonly lastRequest = new Map<string, ReviewRequest>();
  private readonly lastDecision = new Map<string, string>();

  constructor(private readonly options: ReviewEngineOptions) {}

  /**
   * What earlier runs of this session reviewed and decided (a stored session continued in a new run): a
   * reviewer is not asked again about a diff it has judged, and a decision already said is not said again —
   * else each "continue" on a finished worker's question would review it anew and ask the same again.
   */
  recall(events: readonly Event[]): void {
    const hashes = new Map<string, string>();
    for (const event of events) {
      if (event.type === 'review_requested') {
        const { id, diffHash } = event.payload.request;
        if (diffHash) hashes.set(id, diffHash);
      } else if (event.type === 'review_verdict') {
        const { review } = event.payload;
        const diffHash = hashes.get(review.requestId);
        if (diffHash) this.verdicts.set(verdictKey(review.target, review.reviewer, diffHash), review);
      } else if (event.type === 'decision' && event.payload.target) {
        this.lastDecision.set(event.payload.target, `${event.payload.action}\n${event.payload.reason}`);
      }
    }
  }

  /** Resolves once the review this trigger caused, or was coalesced into, has ended. Never rejects. */
  request(target: string, trigger: ReviewTrigger): Promise<void> {
    if (this.abort.signal.aborted || this.options.holds?.(target)) return Promise.resolve();
    const running = this.slots.get(target);
    if (running) {
      running.queued = trigger;
      return running.done;
    }
    const slot: TargetSlot = { queued: null, done: Promise.resolve() };
    this.slots.set(target, slot);
    slot.done = this.drain(target, trigger, slot);
    return slot.done;
  }

  /** Resolves when no review is running or queued; reviews started meanwhile are waited for too. */
  async idle(): Promise<void> {
    while (this.slots.size > 0) await Promise.all([...this.slots.values()].map((s) => s.done));
  }

  /** Session stop: reviewer processes are stopped, nothing more is decided, later requests are ignored. */
  cancel(): Promise<void> {
    this.abort.abort();
    return this.idle();
  }

  get busy(): boolean {
    return this.slots.size > 0;
  }

  private async drain(target: string, first: ReviewTrigger, slot: TargetSlot): Promise<void> {
    let trigger: ReviewTrigger | null = first;
    // request() is called from inside the session's event handling (triggers observe the log); nothing may
    // be emitted before it has returned, or one event's handling would emit the next in its middle.
    await Promise.resolve();
    try {
      while (trigger !== null && !this.abort.signal.aborted && !this.options.holds?.(target)) {
        slot.queued = null;
        await this.reviewOnce(target, trigger);
        trigger = slot.queued;
      }
    } finally {
      this.slots.delete(target);
    }
  }

  private async reviewOnce(target: string, trigger: ReviewTrigger): Promise<void> {
    try {
      await this.review(target, trigger);
    } catch (error) {
      // A review that breaks must not take the session down with it; it is said, and work goes on.
      this.options.emit(
        draft('error', {
          message: `review of ${target} failed: ${(error as Error).message}`,
          fatal: false,
          code: 'review_failed',
        }),
        target,
      );
    }
  }

  private async review(target: string, trigger: ReviewTrigger): Promise<void> {
    const { options } = this;
    const info = options.targetInfo(target);
    if (!info) {
      // Not attributed to a worker: there is none by that name.
      options.emit(
        draft('error', { message: `no worker ${target} to review`, fatal: false, code: 'review_failed' }),
      );
      return;
    }
    const place = info.git ?? info.cwd;
    const [diffRange, snapshot] = await Promise.all([
      reviewRange(place, info.baseCommit),
      reviewDiff(place, info.baseCommit),
    ]);
    // The diff took a while: a stop, an escalation or a question for a person may have come meanwhile, and
    // nothing is reviewed for nobody to act on.
    if (this.abort.signal.aborted || options.holds?.(target)) return;
    // Without a diff (no git) the reviewers read the files themselves: nothing says they are unchanged.
    const diffHash = snapshot.diff ? hashDiff(snapshot.diff.patch) : undefined;
    const unreviewed: Unreviewed[] = [];
    const asked: Reviewer[] = [];
    const reused: PeerReview[] = [];
    for (const reviewer of options.reviewersFor(target)) {
      const reason = this.unusable.get(reviewer.agent) ?? options.cannotReview?.(reviewer.agent) ?? null;
      const earlier = diffHash ? this.verdicts.get(verdictKey(target, reviewer.agent, diffHash)) : undefined;
      if (reason) unreviewed.push({ reviewer: reviewer.agent, reason });
      else if (earlier) reused.push(earlier);
      else asked.push(reviewer);
    }
    const last = this.lastRequest.get(target);
    const request: ReviewRequest = {
      id: `rq-${randomUUID().slice(0, 8)}`,
      target,
      reviewers: asked.map((r) => r.agent),
      trigger,
      diffRange,
      requestedAt: nowIso(),
      ...(diffHash ? { diffHash } : {}),
      // Every verdict on this very diff is in: nobody is asked, the decision taken on them stands.
      ...(asked.length === 0 && reused.length > 0 && last?.diffHash === diffHash && last
        ? { reusedFrom: last.id }
        : {}),
    };
    options.emit(draft('review_requested', { request }), target);
    if (request.reusedFrom) return;
    this.lastRequest.set(target, request);
    const fresh = asked.length > 0 ? await this.collect(request, asked, info, snapshot, unreviewed) : [];
    if (this.abort.signal.aborted) return;
    this.conclude(request, fresh, reused, unreviewed);
  }

  private async collect(
    request: ReviewRequest,
    reviewers: readonly Reviewer[],
    info: ReviewTargetInfo,
    { diff, noDiffReason }: ReviewDiff,
    unreviewed: Unreviewed[],
  ): Promise<PeerReview[]> {
    const { options } = this;
    const prompt = buildReviewPrompt({
      task: info.task,
      target: request.target,
      assignment: info.assignment,
      diff,
      ...(noDiffReason ? { noDiffReason } : {}),
      ...(options.limits.maxPatchBytes ? { maxPatchBytes: options.limits.maxPatchBytes } : {}),
    });
    const run = {
      cwd: info.cwd,
      demo: options.demo,
      pathEnv: options.pathEnv,
      markerEnv: options.markerEnv,
      timeoutMs: options.limits.timeoutSec * 1000,
      signal: this.abort.signal,
      ...(options.storage ? { storage: options.storage } : {}),
    };
    const outcomes = await Promise.all(
      reviewers.map(async (reviewer) => {
        const outcome = await this.trial(reviewer.agent, () =>
          peerReview({
            reviewer,
            request,
            diffRange: request.diffRange,
            prompt,
            sessionFolder: options.sessionFolder,
            run,
          }),
        );
        if (outcome !== null) this.countSpend(request, reviewer.agent, outcome);
        if (outcome === null) {
          unreviewed.push({ reviewer: reviewer.agent, reason: this.unusable.get(reviewer.agent)! });
          return null;
        }
        if (outcome.unusable !== undefined) {
          // Its CLI cannot review: said once in the decision, and not launched again in this session.
          this.unusable.set(reviewer.agent, outcome.unusable);
          unreviewed.push({ reviewer: reviewer.agent, reason: outcome.unusable });
          return null;
        }
        const { review } = outcome;
        if (request.diffHash)
          this.verdicts.set(verdictKey(request.target, reviewer.agent, request.diffHash), review);
        // Each verdict is shown as it arrives; reviewers never see it, so blindness is kept.
        if (!this.abort.signal.aborted) options.emit(draft('review_verdict', { review }), request.target);
        return review;
      }),
    );
    return outcomes.filter((r): r is PeerReview => r !== null);
  }

  /**
   * What the reviewer's runs cost goes into the log, on the reviewed worker: the reviews are part of the
   * session's spend whatever their outcome (a bad answer, a retry, a CLI that could not review).
   */
  private countSpend(request: ReviewRequest, agent: string, outcome: PeerReviewOutcome): void {
    for (const { usage, retry } of outcome.runs) {
      this.options.emit(
        draft('run_usage', {
          role: 'reviewer',
          agent,
          requestId: request.id,
          ...(retry ? { retry } : {}),
          tokens: usage.tokens,
          costUsd: usage.costUsd,
          ...(usage.model ? { model: usage.model } : {}),
        }),
        request.target,
      );
    }
  }

  /**
   * Runs a reviewer, but a CLI not yet seen to work runs once at a time: reviews asked meanwhile wait for that
   * first run, and if it showed the CLI cannot review, they do not launch it at all (null).
   */
  private async trial(
    agent: string,
    review: () => Promise<PeerReviewOutcome>,
  ): Promise<PeerReviewOutcome | null> {
    while (!this.proven.has(agent)) {
      const pending = this.trials.get(agent);
      if (!pending) break;
      await pending;
    }
    if (this.unusable.has(agent)) return null;
    if (this.proven.has(agent)) return review();
    let settle = () => {};
    this.trials.set(agent, new Promise<void>((resolve) => (settle = resolve)));
    try {
      const outcome = await review();
      if (outcome.unusable !== undefined) this.unusable.set(agent, outcome.unusable);
      else if (!this.abort.signal.aborted) this.proven.add(agent);
      return outcome;
    } finally {
      this.trials.delete(agent);
      settle();
    }
  }

  /**
   * The policy on the verdicts there are — fresh ones and those reused for the same diff — naming who could
   * not review. The same decision again about the same worker (the same verdicts on an unchanged change, a
   * broken reviewer's same complaint) is not news: it is neither logged nor acted on twice.
   */
  private conclude(
    request: ReviewRequest,
    fresh: readonly PeerReview[],
    reused: readonly PeerReview[],
    unreviewed: readonly Unreviewed[],
  ): void {
    const reviews = [...fresh, ...reused];
    const policy = decide(reviews);
    const { action, rule } = policy;
    const reason =
      reviews.length === 0 && unreviewed.length > 0
        ? `nobody could review: ${unreviewed.map((u) => `${u.reviewer}: ${u.reason}`).join('; ')}`
        : policy.reason;
    const reviewIds = reviews.map((r) => r.id);
    const { target } = request;
    const said = `${action}\n${reason}`;
    if (this.lastDecision.get(target) === said) return;
    this.lastDecision.set(target, said);
    // The decision reads on its own: who said what and the findings, for the person it may wait for.
    const verdicts = reviews.map((r) => ({
      reviewer: r.reviewer,
      verdict: r.verdict,
      summary: r.summary,
      ...(r.reviewerError ? { reviewerError: true } : {}),
      ...(reused.includes(r) ? { reused: true } : {}),
    }));
    const findings = reviews.flatMap((r) => r.findings);
    this.options.emit(
      draft('decision', {
        action,
        reason,
        rule,
        target,
        reviewIds,
        ruleText: ruleInWords(rule, verdicts, unreviewed),
        verdicts,
        findings,
        ...(unreviewed.length > 0 ? { unreviewed: [...unreviewed] } : {}),
      }),
      target,
    );
    this.options.onDecision?.({
      id: `${request.id}-decision`,
      action,
      reason,
      rule,
      target,
      reviewIds,
      at: nowIso(),
    });
  }
}
