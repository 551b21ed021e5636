import { z } from 'zod';
import { IsoDate } from './common';

export const Verdict = z.enum(['approve', 'concern', 'blocker']);
export type Verdict = z.infer<typeof Verdict>;

export const Severity = z.enum(['critical', 'high', 'medium', 'low']);
export type Severity = z.infer<typeof Severity>;

export const Finding = z.object({
  severity: Severity,
  file: z.string().optional(),
  line: z.number().int().nonnegative().optional(),
  message: z.string(),
  suggestion: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

/** The JSON object a reviewer must put in its final message (ARCHITECTURE §4). */
export const VerdictReport = z.object({
  verdict: Verdict,
  summary: z.string(),
  findings: z.array(Finding).default([]),
});
export type VerdictReport = z.infer<typeof VerdictReport>;

export const ReviewTrigger = z.enum([
  'milestone',
  'blocker',
  'request_review',
  'completion',
  'user',
  'fallback',
]);
export type ReviewTrigger = z.infer<typeof ReviewTrigger>;

export const DiffRange = z.object({ base: z.string(), head: z.string() });
export type DiffRange = z.infer<typeof DiffRange>;

export const ReviewRequest = z.object({
  id: z.string(),
  target: z.string(),
  reviewers: z.array(z.string()),
  trigger: ReviewTrigger,
  diffRange: DiffRange.nullable(),
  requestedAt: IsoDate,
  /** A hash of the diff shown to the reviewers: a reviewer reviews one diff of one worker once. */
  diffHash: z.string().optional(),
  /**
   * The diff had not changed since this earlier request was reviewed: its verdicts and decision stand, and
   * nobody was asked again.
   */
  reusedFrom: z.string().optional(),
});
export type ReviewRequest = z.infer<typeof ReviewRequest>;

export const PeerReview = z.object({
  id: z.string(),
  requestId: z.string(),
  reviewer: z.string(),
  target: z.string(),
  verdict: Verdict,
  summary: z.string(),
  findings: z.array(Finding),
  /** The reviewer failed to give a valid verdict; counted as a concern, never as approve. */
  reviewerError: z.boolean(),
  diffRange: DiffRange.nullable(),
  at: IsoDate,
});
export type PeerReview = z.infer<typeof PeerReview>;
