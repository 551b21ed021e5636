import { z } from 'zod';
import { IsoDate } from './common';
import { Finding, Verdict } from './reviews';

export const Action = z.enum(['CONTINUE', 'LOG_WARNING', 'PAUSE_AND_CLARIFY', 'STOP_AND_ESCALATE']);
export type Action = z.infer<typeof Action>;

export const OrchestratorDecision = z.object({
  id: z.string(),
  action: Action,
  reason: z.string(),
  /** Which rule of the policy fired, so the UI can explain the decision. */
  rule: z.string(),
  target: z.string().optional(),
  reviewIds: z.array(z.string()),
  at: IsoDate,
});
export type OrchestratorDecision = z.infer<typeof OrchestratorDecision>;

/** One reviewer's verdict as a decision quotes it. */
export const DecisionVerdict = z.object({
  reviewer: z.string(),
  verdict: Verdict,
  summary: z.string(),
  /** The reviewer gave no valid verdict; its concern is the product's, not the reviewer's. */
  reviewerError: z.boolean().optional(),
  /** Reused from an earlier review of the same diff rather than asked again. */
  reused: z.boolean().optional(),
});
export type DecisionVerdict = z.infer<typeof DecisionVerdict>;

/** A reviewer that could not review (its CLI is missing, needs setup, or failed), and why. */
export const Unreviewed = z.object({ reviewer: z.string(), reason: z.string() });
export type Unreviewed = z.infer<typeof Unreviewed>;

/** What a person can do about an open decision. */
export const DecisionChoice = z.enum(['answer', 'continue', 'stop_worker', 'stop_session']);
export type DecisionChoice = z.infer<typeof DecisionChoice>;

/** The choices, plus looking at the worker's diff (which changes nothing). */
export const DecisionAllowance = z.enum([...DecisionChoice.options, 'inspect_diff']);
export type DecisionAllowance = z.infer<typeof DecisionAllowance>;

/** The decisions that wait for a person. */
export const OPEN_ACTIONS: readonly Action[] = ['PAUSE_AND_CLARIFY', 'STOP_AND_ESCALATE'];

/**
 * A decision of the policy that waits for a person: about exactly one worker, with what the reviewers said
 * and what the person may do about it. Its id is the seq of the decision event that opened it.
 */
export const OpenDecision = z.object({
  id: z.string(),
  seq: z.number().int().nonnegative(),
  workerId: z.string().min(1),
  action: Action,
  /** The rule of the policy that fired (majority_concern, any_blocker, security:…). */
  rule: z.string(),
  /** The rule in plain words: "2 of 2 reviewers raised concerns". */
  ruleText: z.string(),
  /** What the person is asked. */
  question: z.string(),
  reason: z.string(),
  findings: z.array(Finding),
  verdicts: z.array(DecisionVerdict),
  unreviewed: z.array(Unreviewed),
  allows: z.array(DecisionAllowance),
  openedAt: IsoDate,
});
export type OpenDecision = z.infer<typeof OpenDecision>;
