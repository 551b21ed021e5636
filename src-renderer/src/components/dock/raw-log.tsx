import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useClient } from '../../client/context';
import { NOT_IN_THIS_CLIENT } from '../../client/orchestrator-client';
import { toggleFollow } from '../../commands/log-view';
import { stepMatch } from '../../log/log-search';
import { useApp } from '../../store/context';
import { messageOf } from '../../store/types';
import { CommandButton } from '../command-button';
import { AnsiText } from './ansi-text';
import { unfollowOnUserScroll } from './follow-tail';
import { PageCache } from './page-cache';
import { SearchBar } from './search-bar';
import { useRemoteMatches, type FindRows } from './use-remote-matches';
import { useReportHeight, useTallerRows } from './taller-rows';
import { useRows } from './use-rows';

export const RAW_PAGE = 500;
const ROW_HEIGHT = 18;
const POLL_MS = 1500;
/** A line longer than this shows its start in its row, and the whole of it when asked. */
const SHOWN_CHARS = 1_000;

/** One raw line where it sits; a line too long for one row shows its start, and whole on demand. */
const RawRow = memo(function RawRow({
  index,
  start,
  line,
  current,
  match,
  whole,
  onWhole,
  extra,
  onHeight,
}: {
  index: number;
  start: number;
  line: string | undefined;
  current: boolean;
  match: boolean;
  whole: boolean;
  onWhole: (index: number, whole: boolean) => void;
  extra: number;
  onHeight: (index: number, extra: number) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  const long = line !== undefined && line.length > SHOWN_CHARS;
  useReportHeight(element, index, long && whole, extra, ROW_HEIGHT, onHeight, line);
  return (
    <div
      ref={element}
      className={`virtual-row raw-row${current ? ' current-match' : ''}${long && whole ? ' whole' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
    >
      <span className={`raw-number${match ? ' raw-match' : ''}`} aria-current={current || undefined}>
        {index + 1}
      </span>
      {line === undefined ? (
        <span className="muted">…</span>
      ) : (
        <>
          <AnsiText line={long && !whole ? line.slice(0, SHOWN_CHARS) : line} />
          {long ? (
            <button
              type="button"
              className="link-button"
              aria-expanded={whole}
              onClick={() => onWhole(index, !whole)}
              title={whole ? 'Show the start of this line only' : 'Show the whole line'}
            >
              {whole ? ' ▴ less' : ` … ${line.length - SHOWN_CHARS} more characters`}
            </button>
          ) : null}
        </>
      )}
    </div>
  );
});

/**
 * Every line the CLI printed, exactly, with its terminal colours: read page by page from the worker's
 * raw.jsonl as the view scrolls (the app finds any page through the file's line index), so opening a
 * million-line log reads a few hundred lines. A search runs in the app over the whole file.
 */
export function RawLog({
  sessionId,
  workerId,
  live,
}: {
  sessionId: string;
  workerId: string;
  live: boolean;
}) {
  const client = useClient();
  const follow = useApp((s) => s.followTail);
  const setFollow = useApp((s) => s.setFollowTail);
  const stopFollowing = useCallback(() => setFollow(false), [setFollow]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const deferredQuery = useDeferredValue(query);
  const cache = useRef<PageCache<string> | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const load = client.rawLog;
  const search = client.rawSearch;

  if (cache.current === null && load) {
    cache.current = new PageCache<string>(
      RAW_PAGE,
      (from, count) =>
        load(sessionId, workerId, from, count).then((page) => ({ ...page, items: page.lines })),
      (count) => {
        setTotal(count);
        setVersion((v) => v + 1);
      },
      setError,
    );
  }
  useEffect(() => () => cache.current?.close(), []);

  const find: FindRows | null = useMemo(
    () =>
      search
        ? (q, from, limit) =>
            search(sessionId, workerId, q, from + 1, limit).then((found) => ({
              rows: found.lines.map((line) => line - 1),
              total: found.total,
            }))
        : null,
    [search, sessionId, workerId],
  );
  const matches = useRemoteMatches(find, deferredQuery);
  const matchSet = useMemo(() => new Set(matches.rows), [matches.rows]);
  const [wholeLines, setWholeLines] = useState<ReadonlySet<number>>(() => new Set());
  const onWhole = useCallback((index: number, whole: boolean) => {
    setWholeLines((current) => {
      const next = new Set(current);
      if (whole) next.add(index);
      else next.delete(index);
      return next;
    });
  }, []);
  const { taller, onHeight } = useTallerRows();

  const rows = useRows({
    count: total ?? 0,
    rowHeight: ROW_HEIGHT,
    scroller,
    overscan: 30,
    taller,
    stickToEnd: follow,
    onLeaveEnd: stopFollowing,
  });

  const refreshTail = useCallback(() => {
    cache.current?.ensure(total === null ? 0 : Math.floor(Math.max(0, total - 1) / RAW_PAGE), true);
  }, [total]);

  // First the line count. Following, the view opens at the end and reads only the pages shown there, so
  // it asks for one line; otherwise the first page comes with it.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || !load) return;
    opened.current = true;
    if (!follow) return refreshTail();
    load(sessionId, workerId, 1, 1)
      .then((page) => setTotal((known) => known ?? page.total))
      .catch((cause: unknown) => setError(messageOf(cause)));
  }, [follow, load, refreshTail, sessionId, workerId]);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(refreshTail, POLL_MS);
    return () => clearInterval(timer);
  }, [live, refreshTail]);

  const first = rows.items[0]?.index ?? 0;
  const last = rows.items.at(-1)?.index ?? -1;
  useEffect(() => cache.current?.ensureRows(first, last), [first, last]);

  const jump = (index: number): void => {
    setCurrent(index);
    const target = matches.rows[index];
    if (target === undefined) return;
    setFollow(false);
    rows.scrollToIndex(target, 'start');
    if (index >= matches.rows.length - 10) matches.loadMore();
  };
  // Like a browser's find: the first match comes into view as the person types.
  useEffect(() => {
    setCurrent(0);
    const firstMatch = matches.rows[0];
    if (firstMatch === undefined) return;
    setFollow(false);
    rows.scrollToIndex(firstMatch, 'start');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new answer moves the view
  }, [matches.query, matches.total]);

  if (!load) return <p className="empty">The raw log is {NOT_IN_THIS_CLIENT}.</p>;
  const currentRow = matches.rows[Math.min(current, matches.rows.length - 1)];
  return (
    <div className="log-view">
      <div className="log-toolbar">
        <span className="muted">
          {total === null
            ? 'Reading…'
            : `${total} line${total === 1 ? '' : 's'} of raw output, exactly as printed`}
        </span>
        {search ? (
          <SearchBar
            query={query}
            onQuery={(q) => {
              setQuery(q);
              setCurrent(0);
            }}
            status={
              deferredQuery.trim() === ''
                ? ''
                : matches.pending && matches.query === ''
                  ? 'searching…'
                  : matches.total === 0
                    ? 'no matches'
                    : `${Math.min(current, matches.total - 1) + 1} of ${matches.total}`
            }
            count={matches.total}
            onStep={(delta) => jump(stepMatch(current, Math.min(matches.total, matches.rows.length), delta))}
            placeholder="Search the raw output"
          />
        ) : null}
        {(error ?? matches.error) ? (
          <span className="field-error" role="alert">
            {error ?? matches.error}
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
        className="log-scroller raw"
        ref={scroller}
        role="log"
        aria-label="Raw output"
        tabIndex={0}
        {...unfollowOnUserScroll(follow, setFollow)}
      >
        {total === 0 ? <p className="empty">This worker has printed nothing yet.</p> : null}
        <div className="virtual-space" style={{ height: rows.size }}>
          {rows.items.map((item) => (
            <RawRow
              key={item.slot}
              index={item.index}
              start={item.start}
              line={cache.current?.item(item.index)}
              current={item.index === currentRow}
              match={matchSet.has(item.index)}
              whole={wholeLines.has(item.index)}
              onWhole={onWhole}
              extra={taller.get(item.index) ?? 0}
              onHeight={onHeight}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
