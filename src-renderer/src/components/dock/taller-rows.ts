import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The few rows of a log view taller than the others (an opened detail, a long line shown whole), by row
 * index, as useRows takes them. Rows report their extra height with onHeight; reset forgets them all
 * (when the rows stand for other lines).
 */
export function useTallerRows() {
  const [taller, setTaller] = useState<ReadonlyMap<number, number>>(() => new Map());
  const onHeight = useCallback((index: number, extra: number): void => {
    setTaller((current) => {
      if ((current.get(index) ?? 0) === extra) return current;
      const next = new Map(current);
      if (extra > 0) next.set(index, extra);
      else next.delete(index);
      return next;
    });
  }, []);
  const reset = useCallback(() => setTaller(new Map()), []);
  return { taller, onHeight, reset };
}

/**
 * Measures a row that is open (taller than rowHeight), or was, after each render that may have changed
 * it, and reports the difference; the many rows of the one height cost nothing.
 */
export function useReportHeight(
  element: RefObject<HTMLElement | null>,
  index: number,
  open: boolean,
  extra: number,
  rowHeight: number,
  onHeight: (index: number, extra: number) => void,
  content: unknown,
): void {
  useLayoutEffect(() => {
    if (!open && extra === 0) return;
    const measured = open && element.current ? Math.max(0, element.current.offsetHeight - rowHeight) : 0;
    if (measured !== extra) onHeight(index, measured);
  }, [element, index, open, extra, rowHeight, onHeight, content]);
}
