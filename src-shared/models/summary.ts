import { z } from 'zod';
import { IsoDate } from './common';
import { Action } from './decisions';
import { Verdict } from './reviews';
import { SessionStatus, WorkerStatus } from './state';

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
      filesChanged: z.array(z.string()),
      recoveries: z.number().int(),
      branch: z.string().nullable(),
    }),
  ),
  reviews: z.array(z.object({ target: z.string(), reviewer: z.string(), verdict: Verdict })),
  decisions: z.array(z.object({ action: Action, reason: z.string() })),
});
export type SessionSummary = z.infer<typeof SessionSummary>;
