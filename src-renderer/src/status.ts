import type { SessionStatus, WorkerStatus } from '../../src-shared/models';

/**
 * calm: nothing to do; active: working; done / bad: finished; attention: worth a look;
 * alert: a person is needed now — the only tone that is meant to stand out.
 */
export type Tone = 'calm' | 'active' | 'done' | 'bad' | 'attention' | 'alert';

export interface StatusLook {
  label: string;
  /** Shown with the label so the status never depends on colour alone. */
  symbol: string;
  tone: Tone;
}

export const WORKER_STATUS: Record<WorkerStatus, StatusLook> = {
  pending: { label: 'pending', symbol: '○', tone: 'calm' },
  starting: { label: 'starting', symbol: '◌', tone: 'active' },
  running: { label: 'running', symbol: '●', tone: 'active' },
  paused: { label: 'paused', symbol: '❚❚', tone: 'attention' },
  needs_input: { label: 'needs input', symbol: '?', tone: 'alert' },
  reviewing: { label: 'reviewing', symbol: '◆', tone: 'active' },
  rate_limited: { label: 'rate limited', symbol: '⏳', tone: 'attention' },
  server_error: { label: 'server error, retrying', symbol: '↯', tone: 'attention' },
  setup_required: { label: 'setup required', symbol: '!', tone: 'alert' },
  recovering: { label: 'recovering', symbol: '↻', tone: 'attention' },
  completed: { label: 'completed', symbol: '✓', tone: 'done' },
  failed: { label: 'failed', symbol: '✕', tone: 'bad' },
  stopped: { label: 'stopped', symbol: '■', tone: 'calm' },
};

export const SESSION_STATUS: Record<SessionStatus, StatusLook> = {
  pending: { label: 'pending', symbol: '○', tone: 'calm' },
  planning: { label: 'planning', symbol: '◌', tone: 'active' },
  running: { label: 'running', symbol: '●', tone: 'active' },
  reviewing: { label: 'reviewing', symbol: '◆', tone: 'active' },
  paused: { label: 'paused', symbol: '❚❚', tone: 'alert' },
  completed: { label: 'completed', symbol: '✓', tone: 'done' },
  failed: { label: 'failed', symbol: '✕', tone: 'bad' },
  stopped: { label: 'stopped', symbol: '■', tone: 'calm' },
  escalated: { label: 'escalated', symbol: '!', tone: 'alert' },
  interrupted: { label: 'interrupted', symbol: '⚠', tone: 'attention' },
};
