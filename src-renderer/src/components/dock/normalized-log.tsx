import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { toggleFollow } from '../../commands/log-view';
import {
  filterEntries,
  findMatches,
  hasMatch,
  splitMatches,
  stepMatch,
  typeCounts,
  type TypeFilter,
} from '../../log/log-search';
import { useApp } from '../../store/context';
import type { LogEntry } from '../../store/session-view';
import { CommandButton } from '../command-button';
import { unfollowOnUserScroll } from './follow-tail';

const NO_ENTRIES: readonly LogEntry[] = [];
const ROW_HEIGHT = 22;

const Highlighted = ({ text, query }: { text: string; query: string }) => (
  <>
    {splitMatches(text, query).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}
  </>
);

const Row = memo(function Row({
  entry,
  query,
  current,
  expanded,
  onToggle,
}: {
  entry: LogEntry;
  query: string;
  current: boolean;
  expanded: boolean;
  onToggle: (seq: number, open: boolean) => void;
}) {
  return (
    <div
      className={`log-row line-${entry.tone}${current ? ' current-match' : ''}`}
      aria-current={current || undefined}
    >
      <time dateTime={entry.ts}>{new Date(entry.ts).toLocaleTimeString()}</time>
      <span className="log-type">{entry.type}</span>
      <span className="log-text">
        <Highlighted text={entry.text} query={query} />
      </span>
      {entry.detail !== undefined ? (
        <button
          type="button"
          className="link-button"
          aria-expanded={expanded}
          onClick={() => onToggle(entry.seq, expanded)}
          title={expanded ? 'Hide the details' : 'Show the details'}
        >
          {expanded ? '▾ less' : '▸ more'}
        </button>
      ) : null}
      {expanded && entry.detail !== undefined ? (
        <pre className="log-detail">
          <Highlighted text={entry.detail} query={query} />
        </pre>
      ) : null}
    </div>
  );
});

/**
 * Every event of one worker in words. Virtualized, so an hour of output scrolls as lightly as a minute;
 * filtering and searching work on the deferred query, so typing never waits for the list.
 */
export function NormalizedLog({ logKey }: { logKey: string }) {
  const entries = useApp((s) => s.view?.log[logKey] ?? NO_ENTRIES);
  const follow = useApp((s) => s.followTail);
  const setFollow = useApp((s) => s.setFollowTail);
  const [type, setType] = useState<TypeFilter>('all');
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  // Rows the person opened or closed themselves; others open by themselves only to show a match.
  const [expanded, setExpanded] = useState<ReadonlyMap<number, boolean>>(() => new Map());
  const deferredQuery = useDeferredValue(query);
  const counts = useMemo(() => typeCounts(entries), [entries]);
  const shown = useMemo(() => filterEntries(entries, type), [entries, type]);
  const matches = useMemo(() => findMatches(shown, deferredQuery), [shown, deferredQuery]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    getItemKey: (index) => shown[index]!.seq,
  });

  useEffect(() => {
    if (follow && shown.length > 0) virtualizer.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [follow, shown.length, virtualizer]);

  const jump = (index: number): void => {
    setCurrent(index);
    const target = matches[index];
    if (target === undefined) return;
    setFollow(false);
    virtualizer.scrollToIndex(target, { align: 'start' });
  };
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      jump(stepMatch(current, matches.length, event.shiftKey ? -1 : 1));
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      event.stopPropagation();
      setQuery('');
    }
  };
  const toggle = (seq: number, open: boolean): void =>
    setExpanded((current) => new Map(current).set(seq, !open));
  const currentRow = matches.length > 0 ? matches[Math.min(current, matches.length - 1)] : undefined;

  // Like a browser's find: the first match comes into view as the person types.
  useEffect(() => {
    const first = matches[0];
    if (first === undefined) return;
    setFollow(false);
    virtualizer.scrollToIndex(first, { align: 'start' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new query moves the view, not new lines
  }, [deferredQuery, type]);

  return (
    <div className="log-view">
      <div className="log-toolbar">
        <label>
          Filter{' '}
          <select
            value={type}
            onChange={(e) => setType(e.target.value as TypeFilter)}
            aria-label="Filter by event type"
          >
            <option value="all">all events ({entries.length})</option>
            {counts.map(([name, count]) => (
              <option key={name} value={name}>
                {name} ({count})
              </option>
            ))}
          </select>
        </label>
        <input
          id="log-search"
          type="search"
          placeholder="Search this log"
          aria-label="Search this log"
          title="Enter: next match · Shift+Enter: previous · Esc: clear (/ focuses this field)"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setCurrent(0);
          }}
          onKeyDown={onSearchKey}
        />
        <span className="match-count" role="status" aria-live="polite">
          {deferredQuery.trim() === ''
            ? ''
            : matches.length === 0
              ? 'no matches'
              : `${Math.min(current, matches.length - 1) + 1} of ${matches.length}`}
        </span>
        <button
          type="button"
          className="icon-button"
          aria-label="Previous match"
          title="Previous match (Shift+Enter)"
          aria-disabled={matches.length === 0}
          onClick={() => matches.length > 0 && jump(stepMatch(current, matches.length, -1))}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Next match"
          title="Next match (Enter)"
          aria-disabled={matches.length === 0}
          onClick={() => matches.length > 0 && jump(stepMatch(current, matches.length, 1))}
        >
          ↓
        </button>
        <span className="spacer" />
        <CommandButton
          command={toggleFollow}
          className={follow ? 'pressed' : undefined}
          text={follow ? 'Following' : 'Follow'}
        />
      </div>
      <div
        className="log-scroller"
        ref={scroller}
        role="log"
        aria-label="Normalized log"
        tabIndex={0}
        {...unfollowOnUserScroll(follow, setFollow)}
      >
        {shown.length === 0 ? (
          <p className="empty">{entries.length === 0 ? 'Nothing logged yet.' : 'No events of this type.'}</p>
        ) : (
          <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="virtual-row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <Row
                  entry={shown[item.index]!}
                  query={deferredQuery}
                  current={item.index === currentRow}
                  expanded={
                    expanded.get(shown[item.index]!.seq) ??
                    (item.index === currentRow && !hasMatch(shown[item.index]!.text, deferredQuery))
                  }
                  onToggle={toggle}
                />
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
