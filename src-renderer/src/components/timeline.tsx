import { memo } from 'react';
import type { WorkerState } from '../../../src-shared/models';
import { TERMINAL_WORKER_STATUSES } from '../../../src-shared/models';
import { formatElapsed } from '../format';
import { useNow } from '../hooks/use-now';
import { useThrottled } from '../hooks/use-throttled';
import { WORKER_STATUS } from '../status';
import { useApp } from '../store/context';
import type { MarkKind, TimelineData, TimelineMark, TimelineSpan } from '../store/projections/timeline';

const GLYPH: Record<Exclude<MarkKind, 'tool'>, string> = {
  milestone: '▲',
  blocker: '✕',
  review: '◆',
  recovery: '↻',
  decision: '◇',
  error: '✕',
};
const TOOL_BINS = 120;
const NO_SPANS: readonly TimelineSpan[] = [];

const pct = (at: number, start: number, end: number): number =>
  Math.max(0, Math.min(100, ((at - start) / Math.max(1, end - start)) * 100));

/** Tool calls binned into columns: thousands of calls stay a few hundred ticks, darker where busier. */
function toolTicks(marks: readonly TimelineMark[], start: number, end: number) {
  const bins = new Map<number, number>();
  for (const mark of marks) {
    const bin = Math.min(TOOL_BINS - 1, Math.floor((pct(mark.at, start, end) / 100) * TOOL_BINS));
    bins.set(bin, (bins.get(bin) ?? 0) + 1);
  }
  return [...bins].map(([bin, count]) => ({ x: ((bin + 0.5) / TOOL_BINS) * 100, count }));
}

function Row({
  label,
  spans,
  marks,
  start,
  end,
}: {
  label: string;
  spans: readonly TimelineSpan[];
  marks: readonly TimelineMark[];
  start: number;
  end: number;
}) {
  const tools = toolTicks(
    marks.filter((m) => m.kind === 'tool'),
    start,
    end,
  );
  const events = marks.filter((m) => m.kind !== 'tool');
  return (
    <>
      <span className="tl-label">{label}</span>
      <svg
        className="tl-row"
        role="img"
        aria-label={`${label}: ${spans.map((s) => WORKER_STATUS[s.status].label).join(', ') || 'no activity yet'}`}
      >
        <line className="tl-track" x1="0" x2="100%" y1="11" y2="11" />
        {spans.map((span, i) => {
          if (TERMINAL_WORKER_STATUSES.includes(span.status) || span.status === 'pending') return null;
          const to = spans[i + 1]?.from ?? end;
          const x = pct(span.from, start, end);
          const look = WORKER_STATUS[span.status];
          return (
            <rect
              key={i}
              className={`tl-span tone-${look.tone} status-${span.status}`}
              x={`${x}%`}
              width={`${Math.max(0.3, pct(to, start, end) - x)}%`}
              y="6"
              height="10"
              rx="2"
            >
              <title>{`${look.label} from ${new Date(span.from).toLocaleTimeString()}`}</title>
            </rect>
          );
        })}
        {tools.map((tick) => (
          <line
            key={tick.x}
            className="tl-tool"
            x1={`${tick.x}%`}
            x2={`${tick.x}%`}
            y1="1"
            y2="5"
            strokeOpacity={Math.min(1, 0.35 + tick.count / 6)}
          >
            <title>{`${tick.count} tool call${tick.count === 1 ? '' : 's'}`}</title>
          </line>
        ))}
        {events.map((mark) => (
          <text
            key={mark.seq}
            className={`tl-mark mark-${mark.kind}`}
            x={`${pct(mark.at, start, end)}%`}
            y="15"
          >
            {GLYPH[mark.kind as Exclude<MarkKind, 'tool'>]}
            <title>{`${new Date(mark.at).toLocaleTimeString()} ${mark.label}`}</title>
          </text>
        ))}
      </svg>
    </>
  );
}

const TimelineChart = memo(function TimelineChart({
  workers,
  data,
  start,
  end,
}: {
  workers: readonly WorkerState[];
  data: TimelineData;
  start: number;
  end: number;
}) {
  const sessionMarks = data.marks.filter(
    (m) => m.workerId === null || !workers.some((w) => w.workerId === m.workerId),
  );
  return (
    <div className="tl-grid">
      {workers.map((worker) => (
        <Row
          key={worker.workerId}
          label={worker.agent}
          spans={data.spans[worker.workerId] ?? NO_SPANS}
          marks={data.marks.filter((m) => m.workerId === worker.workerId)}
          start={start}
          end={end}
        />
      ))}
      {sessionMarks.length > 0 ? (
        <Row label="session" spans={NO_SPANS} marks={sessionMarks} start={start} end={end} />
      ) : null}
      <span />
      <div className="tl-axis" aria-hidden="true">
        <span>0:00</span>
        <span>{formatElapsed((end - start) / 2)}</span>
        <span>{formatElapsed(end - start)}</span>
      </div>
    </div>
  );
});

/** The chart redraws at most this often, however fast events come (see useThrottled). */
const REDRAW_MS = 250;

/** Workers × time: when each ran, waited or was paused, and where the milestones, reviews and recoveries fell. */
export function Timeline() {
  const state = useThrottled(
    useApp((s) => s.view?.state ?? null),
    REDRAW_MS,
  );
  const data = useThrottled(
    useApp((s) => s.view?.timeline ?? null),
    REDRAW_MS,
  );
  const now = useNow(state !== null && state.endedAt === null, 2000);
  if (!state || !data) return null;
  const start = Date.parse(state.startedAt);
  const end = Math.max(start + 1000, state.endedAt ? Date.parse(state.endedAt) : now);
  return (
    <section className="panel timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <TimelineChart workers={state.workers} data={data} start={start} end={end} />
      <p className="tl-legend">
        <span className="legend-run">▬ running</span> <span className="legend-wait">▬ waiting / paused</span>{' '}
        <span className="mark-tool">| tool call</span> ▲ milestone ◆ review ↻ recovery ◇ decision ✕
        blocker/error
      </p>
    </section>
  );
}
