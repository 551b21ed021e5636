import type { Event, RecoveryAction } from '../models';
import { ACTION_PLAIN, SIGNAL_PLAIN } from '../log/action-words';
import { withoutSignalLines } from '../log/signal-line';
import { toolLine } from '../log/tool-kind';

const clip = (text: string, max = 160): string => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

/**
 * A recovery as "why → what was changed": the flags added or removed, the conversation resumed, the wait
 * it really took — never the whole command line, whose prompt alone can be pages long.
 */
export function recoveryInWords(action: RecoveryAction): string {
  const changes: string[] = [];
  if (action.delayMs !== undefined)
    changes.push(`waited ${Math.max(1, Math.round(action.delayMs / 1000))} s`);
  if (action.addArgs.length > 0) changes.push(`added ${action.addArgs.join(' ')}`);
  if (action.removeArgs.length > 0) changes.push(`removed ${action.removeArgs.join(' ')}`);
  const env = Object.keys(action.env);
  if (env.length > 0) changes.push(`set ${env.join(', ')}`);
  if (action.kind === 'relaunch' || action.kind === 'backoff')
    changes.push(action.resume ? 'resumed its conversation' : 'started a new conversation');
  const what =
    action.kind === 'setup_required'
      ? 'needs setting up by a person'
      : action.kind === 'escalate'
        ? 'gave up: a person has to look'
        : action.kind === 'none'
          ? 'nothing to do'
          : `relaunched (attempt ${action.attempt}): ${changes.join(', ')}`;
  return `${clip(action.reason, 120)} → ${what}`;
}

/** One readable line for an event, or null when a person need not see it in a progress view. */
export function describeEvent(event: Event): string | null {
  switch (event.type) {
    case 'session_started':
      return `session started: "${clip(event.payload.task, 80)}" on ${event.payload.repo}`;
    case 'session_status':
      return `session ${event.payload.status}${event.payload.reason ? ` (${event.payload.reason})` : ''}`;
    case 'plan':
      return `plan (${event.payload.breakdown.source}): ${event.payload.breakdown.assignments
        .map((a) => `${a.agent}: ${a.title}`)
        .join('; ')}`;
    case 'worker_started':
      return `started${event.payload.demo ? ' (demo agent)' : ''} in ${event.payload.cwd}`;
    case 'worker_status':
      return `${event.payload.status}${event.payload.reason ? `: ${event.payload.reason}` : ''}`;
    case 'worker_exited':
      return `exited with ${event.payload.signal ?? event.payload.exitCode} after ${(event.payload.durationMs / 1000).toFixed(1)} s`;
    case 'message': {
      if (event.payload.role !== 'assistant') return null;
      // Its signal lines are events of their own, shown once as such.
      const text = withoutSignalLines(event.payload.text);
      return text === '' ? null : `"${clip(text)}"`;
    }
    case 'tool_use':
      return toolLine(event.payload.name, clip(event.payload.summary));
    case 'command':
      return event.payload.status === 'started'
        ? null
        : `▶ ${clip(event.payload.command, 100)} (exit ${event.payload.exitCode ?? '?'})`;
    case 'file_change':
      return `${event.payload.kind} ${event.payload.path}`;
    case 'MILESTONE':
      return `▲ ${SIGNAL_PLAIN.MILESTONE}: ${clip(event.payload.summary)}`;
    case 'BLOCKER':
    case 'REQUEST_REVIEW':
      return `${SIGNAL_PLAIN[event.type]}: ${clip(event.payload.summary)}`;
    case 'error':
      return `${event.payload.fatal ? 'error' : 'warning'}: ${clip(event.payload.message)}`;
    case 'notice':
      return `notice: ${clip(event.payload.message)}`;
    case 'result':
      if (event.payload.ok) return 'finished';
      // The reason the CLI gave; claude's API errors carry the subtype "success", which says nothing.
      if (event.payload.text) return `finished with an error: ${clip(event.payload.text)}`;
      return event.payload.subtype && event.payload.subtype !== 'success'
        ? `finished with an error (${event.payload.subtype})`
        : 'finished with an error';
    case 'decision': {
      const { action, target, reason } = event.payload;
      return `${ACTION_PLAIN[action]}${target ? ` for ${target}` : ''}: ${reason} (${action})`;
    }
    case 'review_verdict':
      return `review ${event.payload.review.reviewer}→${event.payload.review.target}: ${event.payload.review.verdict}`;
    case 'recovery_action':
      return `↻ recovery: ${recoveryInWords(event.payload.action)}`;
    case 'raw': {
      const cut = event.payload.truncated;
      if (cut) {
        return `long line cut at ${cut.keptChars} chars, ${cut.overflowBytes} more bytes in ${cut.overflowFile}: ${clip(event.payload.line, 60)}`;
      }
      return event.payload.reason === 'ignored' ? null : `unparsed line: ${clip(event.payload.line, 100)}`;
    }
    default:
      return null;
  }
}
