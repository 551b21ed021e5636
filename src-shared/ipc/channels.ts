/**
 * Names only, without schemas, so the sandboxed preload can check names against the contract without
 * bundling zod. contract.ts pairs each name with its schemas and fails to compile if the two drift.
 */
export const COMMAND_NAMES = [
  'sessions:list',
  'session:start',
  'session:plan',
  'session:state',
  'session:control',
  'session:subscribe',
  'session:unsubscribe',
  'session:received',
  'session:resume',
  'session:decide',
  'session:delete',
  'worker:rawLog',
  'worker:diff',
  'worker:rawSearch',
  'session:outcomes',
  'worker:merge',
  'worker:openWorktree',
  'worker:copyBranch',
  'session:log',
  'session:logSearch',
  'agents:doctor',
  'config:get',
  'config:save',
  'app:pickRepository',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Main → renderer channels. */
export const EVENT_CHANNELS = ['session:events'] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];

export const isCommandName = (name: unknown): name is CommandName =>
  (COMMAND_NAMES as readonly unknown[]).includes(name);
