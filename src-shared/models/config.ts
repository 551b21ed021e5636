import { z } from 'zod';
import { AgentName, BUILTIN_AGENTS, StreamFormat } from './common';
import { OsEnv, OsText } from './os-text';
import { ReviewTrigger } from './reviews';

export const AgentConfig = z.strictObject({
  command: OsText.min(1),
  /** Go after the adapter's own flags, before the prompt. */
  args: z.array(OsText).default([]),
  /** Merged over the inherited environment. */
  env: OsEnv.default({}),
  model: OsText.min(1).nullable().default(null),
  enabled: z.boolean().default(true),
  /** Required for custom agents: which built-in stream format they speak. */
  format: StreamFormat.optional(),
});
export type AgentConfig = z.infer<typeof AgentConfig>;

export const OrchestratorConfig = z
  .strictObject({
    agents: z.record(AgentName, AgentConfig).default({}),
    review: z
      .strictObject({
        triggers: z.array(ReviewTrigger).default(['milestone', 'blocker', 'request_review', 'completion']),
        fallbackMinutes: z.number().positive().default(15),
        /** Off: no peer review at all (the CLI's --no-review). */
        enabled: z.boolean().default(true),
      })
      .prefault({}),
    limits: z
      .strictObject({
        maxRuntimeSec: z.number().int().positive().default(3600),
        idleTimeoutSec: z.number().int().positive().default(600),
        memoryMb: z.number().int().positive().default(2048),
        maxRecoveries: z.number().int().nonnegative().default(3),
        /** Average share of the whole machine (all cores) a worker's process group may use… */
        cpuPercent: z.number().positive().max(100).default(50),
        /** …measured over this window, so a test run's burst is not a violation. */
        cpuWindowSec: z.number().int().positive().default(300),
        /** The longest wait between retries of a rate-limited or unreachable CLI, whatever the backoff says. */
        maxBackoffSec: z.number().nonnegative().default(600),
        /**
         * Longest CLI output line kept in memory, in characters (default 8 Mi); the rest of a longer line is
         * kept in the worker's overflow/ folder and its event is marked truncated.
         */
        maxLineChars: z.number().int().min(1024).optional(),
      })
      .prefault({}),
    worktrees: z.boolean().default(true),
    /** Git-ignored files (e.g. ".env") copied into every worktree; uncommitted changes are never copied. */
    worktreeCopy: z.array(z.string().min(1)).default([]),
    /** The agent that splits the task into assignments (ARCHITECTURE §4). */
    planner: z.string().min(1).default('claude'),
    /**
     * The HTTP API and browser dashboard: the desktop app starts it when enabled; `orchestrate serve` and
     * `run --serve` take host and port from here unless --port says otherwise. Any host but loopback is
     * reachable from the network and gets a warning.
     */
    server: z
      .strictObject({
        enabled: z.boolean().default(false),
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8765),
      })
      .prefault({}),
    /** Dangerous-command guard: per rule id, what a hit does (log, pause and ask, or stop). */
    security: z
      .strictObject({ rules: z.record(z.string(), z.enum(['log', 'pause', 'stop'])).default({}) })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    for (const [name, agent] of Object.entries(config.agents)) {
      const builtin = (BUILTIN_AGENTS as readonly string[]).includes(name);
      if (!builtin && !agent.format) {
        ctx.addIssue({
          code: 'custom',
          path: ['agents', name, 'format'],
          message: `custom agent "${name}" needs "format": one of ${StreamFormat.options.join(', ')}`,
        });
      }
    }
  });
export type OrchestratorConfig = z.infer<typeof OrchestratorConfig>;
