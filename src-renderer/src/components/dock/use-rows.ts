import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/**
 * Past this height a scrolled element stops working in browsers (Chromium lays out up to about 33.5
 * million px); a longer list maps its scroll position onto the rows proportionally instead.
 */
const MAX_SPACE = 30_000_000;

export interface RowsOptions {
  count: number;
  /** Height of a row; rows with more (an opened detail) say so in `taller`. */
  rowHeight: number;
  scroller: RefObject<HTMLElement | null>;
  /** Rows rendered beyond each edge of the view. */
  overscan?: number;
  /** Extra height per row index, for the few rows taller than the others. */
  taller?: ReadonlyMap<number, number>;
  /** Keep the end of the list in view (following a log): the rows there are the first ones rendered. */
  stickToEnd?: boolean;
  /** While sticking to the end, the view was scrolled away from it (by the person, or a program). */
  onLeaveEnd?: () => void;
}

export interface Row {
  index: number;
  /** Offset of the row in the scrolled space, for translateY. */
  start: number;
  /**
   * A key that stays with a slot as rows scroll by (index modulo a slot count larger than the rows
   * shown), so a row scrolling in reuses the element of one scrolling out instead of a new one.
   */
  slot: number;
}

export interface Rows {
  items: Row[];
  /** Height of the scrolled space. */
  size: number;
  scrollToIndex(index: number, align?: 'start' | 'end'): void;
}

interface Layout {
  /** Row indices with extra height, ascending, and the extra before each (prefix sums). */
  tall: number[];
  extraBefore: number[];
  extraTotal: number;
  height: number;
  space: number;
}

function layoutOf(count: number, rowHeight: number, taller?: ReadonlyMap<number, number>): Layout {
  const tall = [...(taller?.keys() ?? [])].filter((i) => i < count).sort((a, b) => a - b);
  const extraBefore: number[] = [];
  let extraTotal = 0;
  for (const index of tall) {
    extraBefore.push(extraTotal);
    extraTotal += taller!.get(index)!;
  }
  const height = count * rowHeight + extraTotal;
  return { tall, extraBefore, extraTotal, height, space: Math.min(height, MAX_SPACE) };
}

/** Offset of row `index` in the full (unscaled) list. */
function startOf(layout: Layout, rowHeight: number, index: number): number {
  let lo = 0;
  let hi = layout.tall.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (layout.tall[mid]! < index) lo = mid + 1;
    else hi = mid;
  }
  const extra = lo < layout.tall.length ? layout.extraBefore[lo]! : layout.extraTotal;
  return index * rowHeight + extra;
}

/** The row at offset `y` of the full list. */
function indexAt(layout: Layout, rowHeight: number, count: number, y: number): number {
  let lo = 0;
  let hi = Math.max(0, count - 1);
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (startOf(layout, rowHeight, mid) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A virtual list of rows of one height (a few taller), for logs of a million lines: which rows are in view
 * comes from the scroll offset by arithmetic, so the cost of a frame depends on the rows shown, never on
 * how many there are, and nothing is kept per row.
 */
export function useRows({
  count,
  rowHeight,
  scroller,
  overscan = 20,
  taller,
  stickToEnd = false,
  onLeaveEnd,
}: RowsOptions): Rows {
  const layout = useMemo(() => layoutOf(count, rowHeight, taller), [count, rowHeight, taller]);
  const [view, setView] = useState({ top: 0, height: 0 });
  const frame = useRef<number | null>(null);

  // The latest of these without making read change with them (it is a listener).
  const leave = useRef({ stickToEnd, onLeaveEnd, rowHeight });
  leave.current = { stickToEnd, onLeaveEnd, rowHeight };

  /** Reads where the view is; `scrolled`: because it was scrolled, which may take it away from the end. */
  const read = useCallback(
    (scrolled = false) => {
      frame.current = null;
      const element = scroller.current;
      if (!element) return;
      const { stickToEnd: sticking, onLeaveEnd: left, rowHeight: row } = leave.current;
      if (scrolled && sticking && element.scrollHeight - element.clientHeight - element.scrollTop > row)
        left?.();
      const next = { top: element.scrollTop, height: element.clientHeight };
      setView((current) => (current.top === next.top && current.height === next.height ? current : next));
    },
    [scroller],
  );

  useLayoutEffect(() => read(), [read, count]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    // Browsers fire scroll once per frame, before painting it: the rows for the new offset are rendered
    // right there, so the frame shows them rather than the space around them.
    const onScroll = (): void => flushSync(() => read(true));
    const onResize = (): void => {
      frame.current ??= requestAnimationFrame(() => read());
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(onResize);
    resize?.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resize?.disconnect();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
    };
  }, [scroller, read]);

  // Following, the view is at the end whatever the last scroll event said; the element is put there below.
  const viewTop = stickToEnd ? Math.max(0, layout.space - view.height) : view.top;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (stickToEnd && element && element.scrollTop !== viewTop) element.scrollTop = viewTop;
  }, [stickToEnd, viewTop, scroller]);

  // Past MAX_SPACE the scroll offset maps onto the list proportionally; rows are placed around the view.
  const scaled = layout.height > layout.space;
  const ratio = scaled ? (layout.height - view.height) / Math.max(1, layout.space - view.height) : 1;
  const top = viewTop * ratio;

  const items = useMemo(() => {
    if (count === 0) return [];
    const first = Math.max(0, indexAt(layout, rowHeight, count, top) - overscan);
    const last = Math.min(count - 1, indexAt(layout, rowHeight, count, top + view.height) + overscan);
    const rows: Row[] = [];
    let slots = 64;
    while (slots < last - first + 1) slots *= 2;
    for (let index = first; index <= last; index++) {
      const start = startOf(layout, rowHeight, index);
      rows.push({ index, start: scaled ? viewTop + (start - top) : start, slot: index % slots });
    }
    return rows;
  }, [count, layout, rowHeight, top, viewTop, view.height, overscan, scaled]);

  const scrollToIndex = useCallback(
    (index: number, align: 'start' | 'end' = 'start') => {
      const element = scroller.current;
      if (!element || count === 0) return;
      const target = Math.max(0, Math.min(count - 1, index));
      const start = startOf(layout, rowHeight, target);
      const size = rowHeight + (taller?.get(target) ?? 0);
      const offset = align === 'start' ? start : start + size - element.clientHeight;
      const height = element.clientHeight;
      const mapped = scaled
        ? (offset * (layout.space - height)) / Math.max(1, layout.height - height)
        : offset;
      element.scrollTop = Math.max(0, mapped);
      read();
    },
    [scroller, count, layout, rowHeight, taller, scaled, read],
  );

  return { items, size: layout.space, scrollToIndex };
}
