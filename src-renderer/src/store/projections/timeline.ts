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
}

/** Tool calls are many; past this the oldest ticks go (milestones, reviews, decisions are kept). */
export const MAX_TOOL_MARKS = 5_000;

export const emptyTimeline = (): TimelineData => ({ spans: {}, marks: [] });

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
    if (mark) (marks ??= [...current.marks]).push({ ...mark, seq: event.seq, at });
  }
  if (marks) {
    const tools = marks.reduce((n, m) => n + (m.kind === 'tool' ? 1 : 0), 0);
    let drop = tools - MAX_TOOL_MARKS;
    if (drop > 0) marks = marks.filter((m) => m.kind !== 'tool' || drop-- <= 0);
  }
  if (!spans && !marks) return current;
  return { spans: spans ?? current.spans, marks: marks ?? current.marks };
}
