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

// The commands' requests and answers are the command table's (src-shared/commands.ts).
export { ControlCommand, ControlResult, Started } from '../../src-shared/commands';
