import { useEffect, useRef } from 'react';
import type { ActivityLine } from '../store/session-view';

const timeOf = (ts: string): string => new Date(ts).toLocaleTimeString();

/** A pane's recent lines; follows the newest unless the person scrolled up to read. */
export function ActivityList({ lines }: { lines: readonly ActivityLine[] }) {
  const ref = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  useEffect(() => {
    const list = ref.current;
    if (list && following.current) list.scrollTop = list.scrollHeight;
  }, [lines]);
  return (
    <ol
      className="activity"
      ref={ref}
      aria-label="Recent activity"
      onScroll={(e) => {
        const list = e.currentTarget;
        following.current = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
      }}
    >
      {lines.map((line) => (
        <li key={line.seq} className={`line-${line.tone}`}>
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
      ))}
    </ol>
  );
}
