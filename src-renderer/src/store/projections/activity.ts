import type { Event } from '../../../../src-shared/models';
import { describeEvent } from '../../../../src-shared/state/describe-event';
import { clip } from '../../log/text';
import type { LineTone } from '../../log/tone';

/** Lines kept per worker: a pane shows recent activity; the log tab has everything. */
export const MAX_LINES = 200;

export interface ActivityLine {
  seq: number;
  ts: string;
  text: string;
  tone: LineTone;
  /** Thinking: shown collapsed, opened on demand. */
  detail?: string;
  /** A command that has started and not ended yet; its end replaces this line. */
  running?: string;
  /** Which raw stdout lines it came from, to tell a tool call from the command it starts. */
  source?: string;
  /** A tool call: the command it starts, from the same lines, takes its place. */
  tool?: true;
}

function toneOf(event: Event): LineTone {
  switch (event.type) {
    case 'MILESTONE':
    case 'REQUEST_REVIEW':
      return 'milestone';
    case 'BLOCKER':
      return 'error';
    case 'error':
      return event.payload.fatal ? 'error' : 'warning';
    case 'notice':
      return 'muted';
    case 'worker_status':
      return event.payload.status === 'failed' ? 'error' : 'plain';
    case 'command':
      return event.payload.exitCode !== null && event.payload.exitCode !== 0 ? 'warning' : 'plain';
    case 'recovery_action':
      return 'warning';
    default:
      return 'plain';
  }
}

const sourceOf = (event: Event): string | undefined =>
  event.lines ? `${event.lines.from}-${event.lines.to}` : undefined;

/**
 * Adds one event to a pane's lines (mutating `lines`, a copy the caller owns). A shell tool call and the
 * command it starts are one line, "▶ npm test …", that becomes "▶ npm test (exit 0)" when it ends, so a
 * person reads each command once, with its exit code.
 */
export function appendActivity(lines: ActivityLine[], event: Event): void {
  const base = { seq: event.seq, ts: event.ts };
  const source = sourceOf(event);
  if (event.type === 'worker_started') {
    // The full command line and folder are in the log tab; the pane only needs to know it began.
    const { demo, pid } = event.payload;
    lines.push({
      ...base,
      text: `started${demo ? ' (demo agent)' : ''}${pid === null ? '' : `, pid ${pid}`}`,
      tone: 'plain',
    });
    return;
  }
  if (event.type === 'thinking') {
    lines.push({ ...base, text: 'thinking', detail: event.payload.text, tone: 'muted' });
    return;
  }
  if (event.type === 'command') {
    const { command, status } = event.payload;
    if (status === 'started') {
      const last = lines[lines.length - 1];
      if (last && source !== undefined && last.source === source && last.tool) lines.pop();
      lines.push({ ...base, text: `▶ ${clip(command, 100)} …`, tone: 'plain', running: command });
      return;
    }
    const text = describeEvent(event);
    if (text === null) return;
    for (let i = lines.length - 1; i >= Math.max(0, lines.length - 50); i--) {
      if (lines[i]!.running === command) {
        lines[i] = { ...base, text, tone: toneOf(event) };
        return;
      }
    }
    lines.push({ ...base, text, tone: toneOf(event) });
    return;
  }
  const text = describeEvent(event);
  if (text === null) return;
  lines.push({
    ...base,
    text,
    tone: toneOf(event),
    ...(source !== undefined ? { source } : {}),
    ...(event.type === 'tool_use' ? { tool: true as const } : {}),
  });
}
