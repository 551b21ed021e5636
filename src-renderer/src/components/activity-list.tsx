import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useThrottled } from '../hooks/use-throttled';
import type { ActivityLine } from '../store/session-view';

const timeOf = (ts: string): string => new Date(ts).toLocaleTimeString();

/** One line; the store keeps each line's object while it lasts, so a line renders once, not every batch. */
const ActivityItem = memo(function ActivityItem({ line }: { line: ActivityLine }) {
  return (
    <li className={`line-${line.tone}`}>
      <time dateTime={line.ts}>{timeOf(line.ts)}</time>{' '}
      {line.detail !== undefined ? (
        <details className="thinking">
          <summary>{line.text} ▸</summary>
          <p>{line.detail}</p>
        </details>
      ) : (
        <span className="line-text">{line.text}</span>
      )}
    </li>
  );
});

/** Redraws of a pane's lines at most this often: a flood of output is a blur at 60 a second anyway. */
const REDRAW_MS = 100;

/** Lines a pane shows while it follows the newest; scrolled up to read, it shows all it keeps. */
const FOLLOWING_LINES = 20;

/** A pane's recent lines; follows the newest unless the person scrolled up to read. */
export const ActivityList = memo(function ActivityList({ lines }: { lines: readonly ActivityLine[] }) {
  const [following, setFollowing] = useState(true);
  const shown = useThrottled(lines, REDRAW_MS);
  const tail = useMemo(
    () => (following && shown.length > FOLLOWING_LINES ? shown.slice(-FOLLOWING_LINES) : shown),
    [following, shown],
  );
  return <Lines lines={tail} following={following} setFollowing={setFollowing} />;
});

const Lines = memo(function Lines({
  lines,
  following,
  setFollowing,
}: {
  lines: readonly ActivityLine[];
  following: boolean;
  setFollowing: (following: boolean) => void;
}) {
  const ref = useRef<HTMLOListElement>(null);
  // At the next frame: scrolling needs the new lines laid out, which the frame does anyway, instead of
  // forcing a layout of its own now.
  useEffect(() => {
    const list = ref.current;
    if (!list || !following) return;
    const frame = requestAnimationFrame(() => (list.scrollTop = list.scrollHeight));
    return () => cancelAnimationFrame(frame);
  }, [lines, following]);
  return (
    <ol
      className="activity"
      ref={ref}
      aria-label="Recent activity"
      // A scroll area: reachable by keyboard, so arrow keys can scroll it without a mouse.
      tabIndex={0}
      onScroll={(e) => {
        const list = e.currentTarget;
        const atEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
        if (atEnd !== following) setFollowing(atEnd);
      }}
    >
      {lines.map((line) => (
        <ActivityItem key={line.seq} line={line} />
      ))}
    </ol>
  );
});
