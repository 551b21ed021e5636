import { z } from 'zod';
import { IsoDate } from './common';
import { Action } from './decisions';
import { Verdict } from './reviews';
import { SessionSpend, Spend } from './spend';
import { SessionStatus, WorkerStatus } from './state';

/** What a worker's branch amounts to at the end: its diffstat against the base and a dry-run merge. */
export const WorkerOutcomeSummary = z.object({
  diffstat: z.object({
    files: z.array(z.object({ path: z.string(), added: z.number().int(), deleted: z.number().int() })),
    added: z.number().int(),
    deleted: z.number().int(),
  }),
  merge: z.object({ clean: z.boolean(), conflicts: z.array(z.string()) }),
});
export type WorkerOutcomeSummary = z.infer<typeof WorkerOutcomeSummary>;

/** summary.json of a session folder (ARCHITECTURE §5). */
export const SessionSummary = z.object({
  sessionId: z.string(),
  task: z.string(),
  status: SessionStatus,
  startedAt: IsoDate,
  endedAt: IsoDate.nullable(),
  workers: z.array(
    z.object({
      workerId: z.string(),
      agent: z.string(),
      status: WorkerStatus,
      exitCode: z.number().int().nullable(),
      sessionRef: z.string().nullable(),
      tokens: z.object({ input: z.number(), output: z.number(), cached: z.number() }),
      costUsd: z.number().nullable(),
      /**
       * The files its branch changes against the base commit (the diff's paths) when there is a diff;
       * else the files its tool events named. A CLI that writes through its shell (codex) names none.
       */
      filesChanged: z.array(z.string()),
      recoveries: z.number().int(),
      branch: z.string().nullable(),
      /** Added when the session ends in a git repository (extension of the contract). */
      diffstat: WorkerOutcomeSummary.shape.diffstat.optional(),
      merge: WorkerOutcomeSummary.shape.merge.optional(),
      /** The model the CLI reported using; absent when it reports none (codex). */
      model: z.string().optional(),
      /** What the reviews of this worker's changes cost (extension of the contract). */
      reviewSpend: Spend.optional(),
    }),
  ),
  /** The session's spend by kind of run: workers, planner, reviewers, and the total (extension). */
  spend: SessionSpend.optional(),
  reviews: z.array(z.object({ target: z.string(), reviewer: z.string(), verdict: Verdict })),
  decisions: z.array(z.object({ action: Action, reason: z.string() })),
});
export type SessionSummary = z.infer<typeof SessionSummary>;
