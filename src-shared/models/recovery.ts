import { z } from 'zod';

/** What the recovery engine does about a known failure. */
export const RecoveryAction = z.object({
  kind: z.enum(['relaunch', 'backoff', 'setup_required', 'escalate', 'none']),
  /** Id of the catalogue entry that matched. */
  errorId: z.string(),
  reason: z.string(),
  addArgs: z.array(z.string()).default([]),
  removeArgs: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  delayMs: z.number().int().nonnegative().optional(),
  attempt: z.number().int().nonnegative(),
  /** What a person must do when the orchestrator cannot fix it alone. */
  hint: z.string().optional(),
  /** Relaunch with the CLI's resume flag and its stored session id, so no work is lost. */
  resume: z.boolean().default(false),
  /** The command line before and after the change, so the log shows exactly what recovery did. */
  before: z.array(z.string()).optional(),
  after: z.array(z.string()).optional(),
});
export type RecoveryAction = z.infer<typeof RecoveryAction>;

/** A tool call the CLI refused for lack of permission (e.g. claude's permission_denials). */
export const PermissionBlocker = z.object({
  agent: z.string(),
  tool: z.string(),
  path: z.string().optional(),
  message: z.string(),
});
export type PermissionBlocker = z.infer<typeof PermissionBlocker>;
