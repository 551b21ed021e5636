import { z } from 'zod';
import { IsoDate } from './common';

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
