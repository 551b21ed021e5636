import type { Event } from '../models';

const clip = (text: string, max = 160): string => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

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
    case 'message':
      return event.payload.role === 'assistant' ? `"${clip(event.payload.text)}"` : null;
    case 'tool_use':
      return `✎ ${clip(event.payload.summary)}`;
    case 'command':
      return event.payload.status === 'started'
        ? null
        : `▶ ${clip(event.payload.command, 100)} (exit ${event.payload.exitCode ?? '?'})`;
    case 'file_change':
      return `${event.payload.kind} ${event.payload.path}`;
    case 'MILESTONE':
    case 'BLOCKER':
    case 'REQUEST_REVIEW':
      return `${event.type}: ${clip(event.payload.summary)}`;
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
    case 'decision':
      return `decision ${event.payload.action}: ${event.payload.reason}`;
    case 'review_verdict':
      return `review ${event.payload.review.reviewer}→${event.payload.review.target}: ${event.payload.review.verdict}`;
    case 'recovery_action':
      return `recovery: ${event.payload.action.reason}`;
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
