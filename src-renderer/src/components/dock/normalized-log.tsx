import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { EventType } from '../../../../src-shared/models';
import { EVENT_WORDS } from '../../../../src-shared/log/event-words';
import { useClient } from '../../client/context';
import type { LogSelector } from '../../client/orchestrator-client';
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
import { logEntryOf } from '../../store/projections/log-entries';
import { SESSION_LINES, type LogEntry } from '../../store/session-view';
import { CommandButton } from '../command-button';
import { unfollowOnUserScroll } from './follow-tail';
import { PageCache } from './page-cache';
import { SearchBar } from './search-bar';
import { useRemoteMatches, type FindRows } from './use-remote-matches';
import { useReportHeight, useTallerRows } from './taller-rows';
import { useRows } from './use-rows';

const NO_ENTRIES: readonly LogEntry[] = [];
const ROW_HEIGHT = 22;
/** Events per page read back from disk. */
const LOG_PAGE = 200;

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
  entry: LogEntry | undefined;
  query: string;
  current: boolean;
  expanded: boolean;
  onToggle: (seq: number, open: boolean) => void;
}) {
  if (!entry) return <div className="log-row line-muted">…</div>;
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

/** One row of the list where it sits; says how tall it is when an opened detail makes it taller. */
const VirtualRow = memo(function VirtualRow({
  index,
  start,
  entry,
  query,
  current,
  expanded,
  onToggle,
  extra,
  onHeight,
}: {
  index: number;
  start: number;
  entry: LogEntry | undefined;
  query: string;
  current: boolean;
  expanded: boolean;
  onToggle: (seq: number, open: boolean) => void;
  /** The extra height the list gives this row now. */
  extra: number;
  onHeight: (index: number, extra: number) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  useReportHeight(
    element,
    index,
    expanded && entry?.detail !== undefined,
    extra,
    ROW_HEIGHT,
    onHeight,
    entry,
  );
  return (
    <div
      ref={element}
      data-index={index}
      className="virtual-row"
      style={{ transform: `translateY(${start}px)` }}
    >
      <Row entry={entry} query={query} current={current} expanded={expanded} onToggle={onToggle} />
    </div>
  );
});

/**
 * Every event of one worker in words. The store holds the newest events of each log; older ones are read
 * back from the session's events.jsonl page by page as the view scrolls to them, and a search or a filter
 * reaches them through the app (session:log, session:logSearch). Rows have one height (an opened detail
 * adds to it), so a million events scroll as lightly as a hundred; typing never waits for the list.
 */
export function NormalizedLog({ logKey }: { logKey: string }) {
  const client = useClient();
  const sessionId = useApp((s) => s.view?.sessionId ?? '');
  const held = useApp((s) => s.view?.log[logKey] ?? NO_ENTRIES);
  const counts = useApp((s) => s.view?.logCounts[logKey]);
  const follow = useApp((s) => s.followTail);
  const setFollow = useApp((s) => s.setFollowTail);
  const stopFollowing = useCallback(() => setFollow(false), [setFollow]);
  const [type, setType] = useState<TypeFilter>('all');
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  // Rows the person opened or closed themselves; others open by themselves only to show a match.
  const [expanded, setExpanded] = useState<ReadonlyMap<number, boolean>>(() => new Map());
  const { taller, onHeight, reset: resetHeights } = useTallerRows();
  const deferredQuery = useDeferredValue(query);
  const scroller = useRef<HTMLDivElement>(null);

  const selector = useMemo<LogSelector>(
    () => ({ workerId: logKey === SESSION_LINES ? null : logKey, ...(type === 'all' ? {} : { type }) }),
    [logKey, type],
  );
  const readLog = client.log;
  const searchLog = client.logSearch;
  // The rows of the log (of the chosen type): the older ones on disk, then the window the store holds.
  const shownHeld = useMemo(() => filterEntries(held, type), [held, type]);
  const counted = type === 'all' ? counts?.total : counts?.types[type];
  const total = readLog && counted !== undefined ? Math.max(counted, shownHeld.length) : shownHeld.length;
  const onDisk = total - shownHeld.length;

  const cache = useMemo(
    () =>
      readLog
        ? new PageCache<LogEntry>(
            LOG_PAGE,
            (from, count) =>
              readLog(sessionId, selector, from, count).then((page) => ({
                items: page.events.map(logEntryOf),
                total: page.total,
              })),
            () => setVersion((v) => v + 1),
            setError,
          )
        : null,
    [readLog, sessionId, selector],
  );
  useEffect(() => () => cache?.close(), [cache]);
  const entryAt = (row: number): LogEntry | undefined =>
    row >= onDisk ? shownHeld[row - onDisk] : cache?.item(row);

  const menu = useMemo(
    (): [EventType, number][] =>
      readLog && counts
        ? (Object.entries(counts.types) as [EventType, number][]).sort(
            (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
          )
        : typeCounts(held),
    [readLog, counts, held],
  );

  // Matches in what the store holds are found here; those on disk by the app, once the log is longer.
  const heldMatches = useMemo(() => findMatches(shownHeld, deferredQuery), [shownHeld, deferredQuery]);
  const find: FindRows | null = useMemo(
    () =>
      searchLog && onDisk > 0
        ? (q, from, limit) =>
            searchLog(sessionId, selector, q, from + 1, limit).then((found) => ({
              rows: found.places.map((place) => place - 1),
              total: found.total,
            }))
        : null,
    // Asked again only when the log first outgrows the store, not as it grows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [searchLog, sessionId, selector, onDisk > 0],
  );
  const remote = useRemoteMatches(find, deferredQuery);
  const complete = remote.rows.length >= remote.total;
  const matches = useMemo(() => {
    const older = remote.rows.filter((row) => row < onDisk);
    return complete ? [...older, ...heldMatches.map((i) => onDisk + i)] : older;
  }, [remote.rows, complete, heldMatches, onDisk]);
  const matchTotal = complete ? matches.length : Math.max(remote.total, matches.length);

  const rows = useRows({
    count: total,
    rowHeight: ROW_HEIGHT,
    scroller,
    taller,
    stickToEnd: follow,
    onLeaveEnd: stopFollowing,
  });
  const first = rows.items[0]?.index ?? 0;
  const last = rows.items.at(-1)?.index ?? -1;
  useEffect(() => cache?.ensureRows(first, Math.min(last, onDisk - 1)), [cache, first, last, onDisk]);

  const jump = (index: number): void => {
    setCurrent(index);
    const target = matches[index];
    if (target === undefined) return;
    setFollow(false);
    rows.scrollToIndex(target, 'start');
    if (!complete && index >= matches.length - 10) remote.loadMore();
  };
  const toggle = useCallback(
    (seq: number, open: boolean): void => setExpanded((current) => new Map(current).set(seq, !open)),
    [],
  );
  const currentRow = matches.length > 0 ? matches[Math.min(current, matches.length - 1)] : undefined;

  // Like a browser's find: the first match comes into view as the person types.
  useEffect(() => {
    const firstMatch = matches[0];
    if (firstMatch === undefined) return;
    setFollow(false);
    rows.scrollToIndex(firstMatch, 'start');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new query moves the view, not new lines
  }, [deferredQuery, type, remote.query, remote.total]);

  const searching = deferredQuery.trim() !== '';
  return (
    <div className="log-view">
      <div className="log-toolbar">
        <label>
          Filter{' '}
          <select
            value={type}
            onChange={(e) => {
              setType(e.target.value as TypeFilter);
              resetHeights();
            }}
            aria-label="Filter by event type"
          >
            <option value="all">all events ({readLog && counts ? counts.total : held.length})</option>
            {menu.map(([name, count]) => (
              <option key={name} value={name}>
                {EVENT_WORDS[name] ?? name} — {name} ({count})
              </option>
            ))}
          </select>
        </label>
        <SearchBar
          query={query}
          onQuery={(q) => {
            setQuery(q);
            setCurrent(0);
          }}
          status={
            !searching
              ? ''
              : find !== null && remote.pending && remote.query === ''
                ? 'searching…'
                : matchTotal === 0
                  ? 'no matches'
                  : `${Math.min(current, matchTotal - 1) + 1} of ${matchTotal}`
          }
          count={matches.length}
          onStep={(delta) => jump(stepMatch(current, matches.length, delta))}
        />
        {(error ?? remote.error) ? (
          <span className="field-error" role="alert">
            {error ?? remote.error}
          </span>
        ) : null}
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
        {total === 0 ? (
          <p className="empty">
            {held.length === 0 && !counts?.total ? 'Nothing logged yet.' : 'No events of this type.'}
          </p>
        ) : (
          <div className="virtual-space" style={{ height: rows.size }}>
            {rows.items.map((item) => {
              const entry = entryAt(item.index);
              const isCurrent = item.index === currentRow;
              const open =
                entry !== undefined &&
                (expanded.get(entry.seq) ?? (isCurrent && !hasMatch(entry.text, deferredQuery)));
              return (
                <VirtualRow
                  key={item.slot}
                  index={item.index}
                  start={item.start}
                  entry={entry}
                  query={deferredQuery}
                  current={isCurrent}
                  expanded={open}
                  onToggle={toggle}
                  extra={taller.get(item.index) ?? 0}
                  onHeight={onHeight}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
