// @vitest-environment jsdom
import { act, cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { eventMaker, openStore, renderWith, text } from '../testing/fixtures';
import { useApp } from './context';
import { redrawPerFrame } from './redraw-per-frame';

/** Shows the open session's newest seq and counts its renders. */
function LastSeq({ renders }: { renders: { count: number } }) {
  const lastSeq = useApp((s) => s.view?.lastSeq ?? -1);
  renders.count += 1;
  return <p data-testid="seq">{lastSeq}</p>;
}

/** Batches of session s1, numbered from 1. */
function batches() {
  const event = eventMaker();
  return () => ({ sessionId: 's1', events: [event('session_status', { status: 'running' })] });
}

afterEach(cleanup);

describe('redraw per frame', () => {
  it('puts each batch in the store at once and redraws once per frame, with the newest state', () => {
    const batch = batches();
    const real = openStore();
    const frames: (() => void)[] = [];
    const { store, quietly } = redrawPerFrame(real, (redraw) => frames.push(redraw));
    const renders = { count: 0 };
    const { getByTestId } = renderWith(store, <LastSeq renders={renders} />);
    const before = renders.count;

    act(() => {
      quietly(() => real.getState().applyEvents(batch()));
      quietly(() => real.getState().applyEvents(batch()));
      quietly(() => real.getState().applyEvents(batch()));
    });
    // In the store (and so to whoever reads it) at once; not redrawn yet, and one frame asked for.
    expect(real.getState().view?.lastSeq).toBe(3);
    expect(store.getState().view?.lastSeq).toBe(3);
    expect(renders.count).toBe(before);
    expect(frames).toHaveLength(1);

    act(() => frames.shift()!());
    expect(text(getByTestId('seq'))).toBe('3');
    expect(renders.count).toBe(before + 1);

    // The next batch asks for the next frame.
    act(() => quietly(() => real.getState().applyEvents(batch())));
    expect(frames).toHaveLength(1);
    act(() => frames.shift()!());
    expect(text(getByTestId('seq'))).toBe('4');
  });

  it('redraws any other change at once, with the batches held so far', () => {
    const batch = batches();
    const real = openStore();
    const frames: (() => void)[] = [];
    const { store, quietly } = redrawPerFrame(real, (redraw) => frames.push(redraw));
    const heard: [number | undefined, number | undefined][] = [];
    store.subscribe((state, previous) => heard.push([state.view?.lastSeq, previous.view?.lastSeq]));
    const renders = { count: 0 };
    const { getByTestId } = renderWith(store, <LastSeq renders={renders} />);

    act(() => quietly(() => real.getState().applyEvents(batch())));
    expect(heard).toEqual([]);
    act(() => store.getState().focusWorker('claude'));
    // One announcement, from the state before the held batch to now.
    expect(heard).toEqual([[1, 0]]);
    expect(text(getByTestId('seq'))).toBe('1');
    expect(store.getState().focusedWorker).toBe('claude');

    // The frame asked for by the batch finds nothing left to announce.
    act(() => frames.shift()!());
    expect(heard).toHaveLength(1);
  });
});
