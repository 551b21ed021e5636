import type { Event, WorkerStatus } from '../../../../src-shared/models';
import { clip } from '../../log/text';

export type MarkKind = 'tool' | 'milestone' | 'blocker' | 'review' | 'recovery' | 'decision' | 'error';

export interface TimelineSpan {
  status: WorkerStatus;
  /** ms since the epoch. */
  from: number;
}

export interface TimelineMark {
  seq: number;
  at: number;
  /** null: the whole session (a decision about everyone). */
  workerId: string | null;
  kind: MarkKind;
  label: string;
}

export interface TimelineData {
  /** Per worker, each status with the moment it began; a span lasts until the next one. */
  spans: Readonly<Record<string, readonly TimelineSpan[]>>;
  marks: readonly TimelineMark[];
  /** How many of the marks are tool calls. */
  tools: number;
}

/** Tool calls are many; past this (and a slack) the oldest ticks go (milestones, reviews, decisions are kept). */
export const MAX_TOOL_MARKS = 5_000;
/** The other marks are few in any real session; past this many the oldest go too, so memory stays bounded. */
export const MAX_OTHER_MARKS = 5_000;

export const emptyTimeline = (): TimelineData => ({ spans: {}, marks: [], tools: 0 });

/** Marks over a bound are dropped this many at a time, not one per batch, so a long session pays rarely. */
export const TRIM_SLACK = 0.2;

function markOf(event: Event): Omit<TimelineMark, 'seq' | 'at'> | null {
  const workerId = event.workerId ?? null;
  switch (event.type) {
    case 'tool_use':
      return { workerId, kind: 'tool', label: clip(event.payload.summary, 80) };
    case 'MILESTONE':
      return { workerId, kind: 'milestone', label: `milestone: ${clip(event.payload.summary, 80)}` };
    case 'BLOCKER':
      return { workerId, kind: 'blocker', label: `blocker: ${clip(event.payload.summary, 80)}` };
    case 'review_verdict': {
      const { review } = event.payload;
      return {
        workerId: review.target,
        kind: 'review',
        label: `review ${review.reviewer}→${review.target}: ${review.verdict}`,
      };
    }
    case 'recovery_action':
      return { workerId, kind: 'recovery', label: `recovery: ${clip(event.payload.action.reason, 80)}` };
    case 'decision':
      return {
        workerId: event.payload.target ?? null,
        kind: 'decision',
        label: `decision ${event.payload.action}: ${clip(event.payload.reason, 80)}`,
      };
    case 'error':
      return event.payload.fatal
        ? { workerId, kind: 'error', label: `error: ${clip(event.payload.message, 80)}` }
        : null;
    default:
      return null;
  }
}

export function foldTimeline(current: TimelineData, events: readonly Event[]): TimelineData {
  let spans: Record<string, TimelineSpan[]> | null = null;
  let marks: TimelineMark[] | null = null;
  let tools = current.tools;
  for (const event of events) {
    const at = Date.parse(event.ts);
    if (event.type === 'worker_status' && event.workerId) {
      spans ??= { ...current.spans } as Record<string, TimelineSpan[]>;
      const list =
        spans[event.workerId] === current.spans[event.workerId]
          ? [...(spans[event.workerId] ?? [])]
          : spans[event.workerId]!;
      if (list.at(-1)?.status !== event.payload.status) list.push({ status: event.payload.status, from: at });
      spans[event.workerId] = list;
      continue;
    }
    const mark = markOf(event);
    if (!mark) continue;
    (marks ??= [...current.marks]).push({ ...mark, seq: event.seq, at });
    if (mark.kind === 'tool') tools += 1;
  }
  if (marks) {
    const others = marks.length - tools;
    if (tools > MAX_TOOL_MARKS * (1 + TRIM_SLACK) || others > MAX_OTHER_MARKS * (1 + TRIM_SLACK)) {
      let dropTools = tools - MAX_TOOL_MARKS;
      let dropOthers = others - MAX_OTHER_MARKS;
      marks = marks.filter((m) => (m.kind === 'tool' ? dropTools-- <= 0 : dropOthers-- <= 0));
      tools = Math.min(tools, MAX_TOOL_MARKS);
    }
  }
  if (!spans && !marks) return current;
  return { spans: spans ?? current.spans, marks: marks ?? current.marks, tools };
}
