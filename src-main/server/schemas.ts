import { z } from 'zod';
import { IsoDate, RecoveryAction } from '../../src-shared/models';

/** Answers of the API that have no model of their own in src-shared. */

export const Health = z.object({ status: z.literal('ok') });

/** A recovery action with what the event around it says: which worker, when, and its place in the log. */
export const RecoveryEntry = RecoveryAction.extend({
  seq: z.number().int().positive(),
  workerId: z.string().nullable(),
  at: IsoDate,
});
export type RecoveryEntry = z.infer<typeof RecoveryEntry>;

export const ControlCommand = z.enum(['pause', 'resume', 'stop', 'review']);
export type ControlCommand = z.infer<typeof ControlCommand>;

/** The optional body of POST /api/control/*: one worker instead of the whole session. */
export const ControlBody = z.strictObject({ workerId: z.string().min(1).max(200).optional() });

export const ControlResult = z.object({
  sessionId: z.string(),
  command: ControlCommand,
  workerId: z.string().optional(),
});

export const Started = z.object({ sessionId: z.string(), folder: z.string() });
