import { useCallback, useEffect, useRef, useState } from 'react';
import { searchNeedle } from '../../../../src-shared/log/entry-search';
import { messageOf } from '../../store/types';

/** Matches asked for at once; stepping past them asks for the next ones. */
export const MATCH_PAGE = 1_000;

/** A search the app runs over a whole log on disk: rows (0-based) matching from row `from` on. */
export type FindRows = (
  query: string,
  from: number,
  limit: number,
) => Promise<{ rows: number[]; total: number }>;

export interface RemoteMatches {
  /** The query these matches are for ('' when none was asked). */
  query: string;
  /** Matching rows found so far, ascending. */
  rows: readonly number[];
  /** Matching rows in the whole log. */
  total: number;
  pending: boolean;
  error: string | null;
  /** Asks for the next page of matches, when there are more than were read. */
  loadMore(): void;
}

const NONE = { query: '', rows: [] as readonly number[], total: 0 };

/**
 * The matches of a query over a log too long for the page to hold, found by the app where the log is (see
 * worker:rawSearch, session:logSearch), a page at a time. An answer to an older query is dropped.
 */
export function useRemoteMatches(find: FindRows | null, query: string): RemoteMatches {
  const [found, setFound] = useState(NONE);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0);
  const needle = searchNeedle(query);

  useEffect(() => {
    const id = ++asked.current;
    if (!find || needle === '') {
      setFound(NONE);
      setPending(false);
      return;
    }
    setPending(true);
    setError(null);
    find(query.trim(), 0, MATCH_PAGE)
      .then(({ rows, total }) => {
        if (id === asked.current) setFound({ query: needle, rows, total });
      })
      .catch((cause: unknown) => {
        if (id === asked.current) setError(messageOf(cause));
      })
      .finally(() => {
        if (id === asked.current) setPending(false);
      });
  }, [find, needle, query]);

  const loadMore = useCallback(() => {
    if (!find || pending || found.query === '' || found.rows.length >= found.total) return;
    const id = asked.current;
    const from = found.rows[found.rows.length - 1]! + 1;
    setPending(true);
    find(found.query, from, MATCH_PAGE)
      .then(({ rows }) => {
        if (id === asked.current) setFound((current) => ({ ...current, rows: [...current.rows, ...rows] }));
      })
      .catch((cause: unknown) => {
        if (id === asked.current) setError(messageOf(cause));
      })
      .finally(() => {
        if (id === asked.current) setPending(false);
      });
  }, [find, pending, found]);

  // Until the answer for this very query is in, it is pending: no count shows for it yet.
  const current = found.query === needle;
  return {
    ...(current ? found : NONE),
    pending: pending || (find !== null && needle !== '' && !current && error === null),
    error,
    loadMore,
  };
}
