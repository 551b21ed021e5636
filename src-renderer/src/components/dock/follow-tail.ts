const BACKWARDS = new Set(['ArrowUp', 'PageUp', 'Home']);

/**
 * Following stops when the person scrolls back — by wheel, key or scrollbar — and not on the scroll events
 * the follow itself causes, which a plain onScroll could not tell apart.
 */
export function unfollowOnUserScroll(follow: boolean, setFollow: (follow: boolean) => void) {
  const stop = (): void => {
    if (follow) setFollow(false);
  };
  return {
    onWheel: (event: { deltaY: number }) => {
      if (event.deltaY < 0) stop();
    },
    onKeyDown: (event: { key: string }) => {
      if (BACKWARDS.has(event.key)) stop();
    },
    onPointerDown: (event: { target: EventTarget; currentTarget: EventTarget }) => {
      if (event.target === event.currentTarget) stop();
    },
  };
}
