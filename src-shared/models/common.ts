import { z } from 'zod';

/** ISO-8601 timestamps everywhere so every model survives a JSON round trip unchanged. */
export const IsoDate = z.iso.datetime({ offset: true });
export type IsoDate = z.infer<typeof IsoDate>;

/** Names of agents: the three built-in CLIs or a custom entry of the config. */
export const AgentName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*$/, 'lowercase letters, digits, "-" or "_", starting with a letter');
export type AgentName = z.infer<typeof AgentName>;

export const BUILTIN_AGENTS = ['claude', 'codex', 'gemini'] as const;
export const BuiltinAgent = z.enum(BUILTIN_AGENTS);
export type BuiltinAgent = z.infer<typeof BuiltinAgent>;

/** The three stream formats an adapter can parse; custom agents name one of them. */
export const StreamFormat = z.enum(['claude-stream-json', 'codex-exec-json', 'gemini-stream-json']);
export type StreamFormat = z.infer<typeof StreamFormat>;

export const nowIso = (): string => new Date().toISOString();
