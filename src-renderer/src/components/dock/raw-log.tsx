import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../../client/context';
import { NOT_IN_THIS_CLIENT } from '../../client/orchestrator-client';
import { toggleFollow } from '../../commands/log-view';
import { useApp } from '../../store/context';
import { messageOf } from '../../store/types';
import { CommandButton } from '../command-button';
import { AnsiText } from './ansi-text';
import { unfollowOnUserScroll } from './follow-tail';

export const RAW_PAGE = 500;
const ROW_HEIGHT = 18;
const POLL_MS = 1500;

/** Pages of raw lines by page number; a page is refetched only when it was the unfinished last one. */
class PageCache {
  readonly pages = new Map<number, string[]>();
  private readonly loading = new Set<number>();

  constructor(
    private readonly load: (from: number, count: number) => Promise<{ lines: string[]; total: number }>,
    private readonly onPage: (total: number) => void,
    private readonly onError: (message: string) => void,
  ) {}

  line(index: number): string | undefined {
    return this.pages.get(Math.floor(index / RAW_PAGE))?.[index % RAW_PAGE];
  }

  ensure(page: number, force = false): void {
    if (this.loading.has(page) || (!force && this.pages.get(page)?.length === RAW_PAGE)) return;
    this.loading.add(page);
    this.load(page * RAW_PAGE + 1, RAW_PAGE)
      .then(({ lines, total }) => {
        this.pages.set(page, lines);
        this.onPage(total);
      })
      .catch((error: unknown) => this.onError(messageOf(error)))
      .finally(() => this.loading.delete(page));
  }
}

/**
 * Every line the CLI printed, exactly, with its terminal colours: read page by page from the worker's
 * raw.jsonl as the view scrolls, so opening an hour-long log reads a few hundred lines, not all of them.
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
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const cache = useRef<PageCache | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const load = client.rawLog;

  if (cache.current === null && load) {
    cache.current = new PageCache(
      (from, count) => load(sessionId, workerId, from, count),
      (count) => {
        setTotal(count);
        setVersion((v) => v + 1);
      },
      setError,
    );
  }

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 40,
  });

  const refreshTail = useCallback(() => {
    const pages = cache.current;
    if (!pages) return;
    pages.ensure(total === null ? 0 : Math.floor(Math.max(0, total - 1) / RAW_PAGE), true);
  }, [total]);

  useEffect(() => {
    if (total === null) refreshTail();
    if (!live) return;
    const timer = setInterval(refreshTail, POLL_MS);
    return () => clearInterval(timer);
  }, [live, refreshTail, total]);

  const items = virtualizer.getVirtualItems();
  const firstPage = items.length > 0 ? Math.floor(items[0]!.index / RAW_PAGE) : -1;
  const lastPage = items.length > 0 ? Math.floor(items[items.length - 1]!.index / RAW_PAGE) : -1;
  useEffect(() => {
    for (let page = Math.max(0, firstPage); page <= lastPage; page++) cache.current?.ensure(page);
  }, [firstPage, lastPage]);

  useEffect(() => {
    if (follow && total) virtualizer.scrollToIndex(total - 1, { align: 'end' });
  }, [follow, total, virtualizer]);

  if (!load) return <p className="empty">The raw log is {NOT_IN_THIS_CLIENT}.</p>;
  return (
    <div className="log-view">
      <div className="log-toolbar">
        <span className="muted">
          {total === null
            ? 'Reading…'
            : `${total} line${total === 1 ? '' : 's'} of raw output, exactly as printed`}
        </span>
        {error ? (
          <span className="field-error" role="alert">
            {error}
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
        <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const line = cache.current?.line(item.index);
            return (
              <div
                key={item.key}
                className="virtual-row raw-row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <span className="raw-number">{item.index + 1}</span>
                {line === undefined ? <span className="muted">…</span> : <AnsiText line={line} />}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
