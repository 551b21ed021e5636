import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { Event, EventDraft, OrchestratorConfig, SessionState } from '../../src-shared/models';
import { draft } from '../../src-shared/models';
import type { TargetDecision } from '../review/review-engine';
import { createGuard, type AuditLog, type GuardHit } from '../security';
import { verifyWorkerCheckout, WorktreeTampered } from '../workspace/git';
import { TAMPERED_RULE } from './session-types';

export interface SessionSecurityOptions {
  sessionId: string;
  repo: string;
  state: SessionState;
  rules: OrchestratorConfig['security']['rules'];
  audit: AuditLog;
  emit: (d: EventDraft, workerId?: string) => Event | null;
  /** Carries out a security decision like a review's. */
  decide: (decision: TargetDecision) => void;
}

/**
 * The security of a session's workers: each worker's dangerous-command guard, and the check that its
 * worktree's `.git` still leads where it was made. Every finding is audited and becomes a decision by its
 * rule's policy — log (LOG_WARNING), pause and ask (PAUSE_AND_CLARIFY), stop (STOP_AND_ESCALATE).
 */
export class SessionSecurity {
  /** Workers whose worktree was found redirected: reported once. */
  private readonly tampered = new Set<string>();

  constructor(private readonly options: SessionSecurityOptions) {}

  /** The guard of one worker's events. */
  guardFor(workerId: string, worktree: string): (d: EventDraft) => void {
    const guard = createGuard(
      { worktree, allowedRoots: [tmpdir(), ...(process.env.TMPDIR ? [process.env.TMPDIR] : [])] },
      this.options.rules,
    );
    // Every hit of every rule is audited and is a decision; the most drastic one decides what happens to the
    // worker, the others of the same event are recorded beside it as warnings.
    return (d) => {
      const [first, ...others] = guard.inspectEvery(d);
      if (!first) return;
      this.hit(workerId, first);
      for (const hit of others) this.hit(workerId, hit, 'LOG_WARNING');
    };
  }

  /**
   * A worker's worktree whose `.git` was redirected to a git dir the agent chose: no git command runs in
   * it, and it is a security decision (stop, escalate) like a guard hit, reported once per worker.
   */
  reportTampered(workerId: string, error: WorktreeTampered): void {
    if (this.tampered.has(workerId)) return;
    this.tampered.add(workerId);
    this.hit(workerId, {
      ruleId: TAMPERED_RULE,
      policy: 'stop',
      severity: 'critical',
      message: "the worker redirected its worktree's .git (git would have run a repository of its choosing)",
      evidence: `${error.worktree}/.git ${error.found}`,
    });
  }

  /** Checks that a worker's worktree still points where it was created; a redirect is reported. */
  async checkWorktree(workerId: string): Promise<void> {
    const worker = this.options.state.workers.find((w) => w.workerId === workerId);
    if (!worker || worker.branch === null || this.tampered.has(workerId)) return;
    try {
      await verifyWorkerCheckout({ repo: this.options.repo, worktree: worker.cwd });
    } catch (error) {
      if (error instanceof WorktreeTampered) this.reportTampered(workerId, error);
    }
  }

  /**
   * A security finding about one worker: audited, then a decision by its policy (or `only` when another hit
   * of the same event decides), carried out.
   */
  private hit(workerId: string, hit: GuardHit, only?: 'LOG_WARNING'): void {
    this.options.audit.record(this.options.sessionId, workerId, hit);
    const action =
      only ??
      (hit.policy === 'stop'
        ? 'STOP_AND_ESCALATE'
        : hit.policy === 'pause'
          ? 'PAUSE_AND_CLARIFY'
          : 'LOG_WARNING');
    const rule = `security:${hit.ruleId}`;
    const times = hit.count !== undefined && hit.count > 1 ? ` (seen ${hit.count} times)` : '';
    const reason = `${hit.message}${times}: ${hit.evidence}`;
    this.options.emit(draft('decision', { action, reason, rule, target: workerId, reviewIds: [] }), workerId);
    this.options.decide({
      id: randomUUID(),
      action,
      reason,
      rule,
      target: workerId,
      reviewIds: [],
      at: new Date().toISOString(),
    });
  }
}
