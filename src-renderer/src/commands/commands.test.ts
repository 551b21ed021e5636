import { describe, expect, it, vi } from 'vitest';
import type { WorkerStatus } from '../../../src-shared/models';
import { eventMaker, fakeClient, openStore, sessionState } from '../testing/fixtures';
import type { AppStore } from '../store/store';
import { openDiff } from './open-diff';
import { pauseSession } from './pause-session';
import { pauseWorker } from './pause-worker';
import { COMMANDS, runShortcut, tooltipOf } from './registry';
import { resumeSession } from './resume-session';
import { resumeWorker } from './resume-worker';
import { reviewWorker } from './review-worker';
import { shortcut, type KeyLike } from './shortcut';
import { stopSession } from './stop-session';
import { stopWorker } from './stop-worker';
import type { UiCommand } from './types';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  code: /^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : /^\d$/.test(k) ? `Digit${k}` : '',
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

/** A live session whose workers have the given statuses (the log says so, as in the app). */
function live(statuses: Record<string, WorkerStatus>, client = fakeClient()): AppStore {
  const store = openStore(client);
  const ev = eventMaker();
  const events = [ev('session_status', { status: 'running' })];
  for (const [workerId, status] of Object.entries(statuses)) {
    events.push(
      ev(
        'worker_started',
        { agent: workerId, command: 'node', args: [], cwd: '/w', pid: 4242, demo: true },
        workerId,
      ),
    );
    events.push(ev('worker_status', { status }, workerId));
  }
  store.getState().applyEvents({ sessionId: 's1', events });
  return store;
}

const runShortcutKeyOf = (command: UiCommand): string | undefined => command.shortcut?.label;

const why = (command: UiCommand, store: AppStore, workerId: string | null = 'claude') =>
  command.unavailable({ state: store.getState(), workerId });

describe('worker commands', () => {
  it('pause applies to a running worker, and says why not otherwise', () => {
    const store = live({ claude: 'running', codex: 'paused', gemini: 'completed' });
    expect(why(pauseWorker, store)).toBeNull();
    expect(why(pauseWorker, store, 'codex')).toBe('codex is already paused');
    expect(why(pauseWorker, store, 'gemini')).toBe('gemini has completed');
    expect(why(pauseWorker, store, null)).toBe('select a worker first (1–9)');
    expect(pauseWorker.label({ state: store.getState(), workerId: 'claude' })).toBe('Pause claude');
  });

  it('pause needs a process to suspend', () => {
    const store = live({ claude: 'running' });
    const exited = eventMaker()('worker_exited', { exitCode: null, signal: null, durationMs: 5 }, 'claude');
    store.getState().applyEvents({ sessionId: 's1', events: [{ ...exited, seq: 100 }] });
    expect(why(pauseWorker, store)).toMatch(/no process running right now/);
  });

  it('resume applies to a paused worker only; stop to any unfinished one', () => {
    const store = live({ claude: 'paused', codex: 'running', gemini: 'stopped' });
    expect(why(resumeWorker, store)).toBeNull();
    expect(why(resumeWorker, store, 'codex')).toBe('codex is not paused');
    expect(why(stopWorker, store, 'codex')).toBeNull();
    expect(why(stopWorker, store, 'gemini')).toBe('gemini has already stopped');
  });

  it('is unavailable while the same control is on its way', async () => {
    let release!: () => void;
    const client = fakeClient({ control: vi.fn(() => new Promise<void>((r) => (release = r))) });
    const store = live({ claude: 'running' }, client);
    const pending = pauseWorker.perform({ state: store.getState(), workerId: 'claude' });
    expect(why(pauseWorker, store)).toBe('pausing…');
    release();
    await pending;
    expect(client.control).toHaveBeenCalledWith('s1', 'pause', 'claude');
  });

  it('review now asks the core for a review of that worker, and not before it started', async () => {
    const client = fakeClient();
    const store = live({ claude: 'running', codex: 'pending' }, client);
    expect(why(reviewWorker, store)).toBeNull();
    expect(why(reviewWorker, store, 'codex')).toBe('codex has not started yet');
    expect(reviewWorker.label({ state: store.getState(), workerId: 'claude' })).toBe('Review claude now');
    await reviewWorker.perform({ state: store.getState(), workerId: 'claude' });
    expect(client.control).toHaveBeenCalledWith('s1', 'review', 'claude');
    expect(runShortcutKeyOf(reviewWorker)).toBe('V');
  });

  it('diff needs a git repository', () => {
    const store = openStore(fakeClient(), sessionState({ baseCommit: null }));
    expect(why(openDiff, store)).toBe('the session did not run in a git repository');
  });
});

describe('session commands', () => {
  it('pause all needs a running worker; resume all a paused one', () => {
    const store = live({ claude: 'paused', codex: 'completed' });
    expect(why(pauseSession, store, null)).toBe('no worker is running');
    expect(why(resumeSession, store, null)).toBeNull();
    expect(resumeSession.label({ state: store.getState(), workerId: null })).toBe('Resume all workers');
  });

  it('an ended session refuses controls, and a stopped one offers the core resume', async () => {
    const client = fakeClient();
    const store = live({ claude: 'stopped' }, client);
    store.getState().applyEvents({
      sessionId: 's1',
      events: [{ ...eventMaker()('session_status', { status: 'stopped' }), seq: 50 }],
    });
    expect(why(stopSession, store, null)).toBe('the session has ended');
    expect(why(pauseWorker, store)).toBe('the session has ended');
    expect(why(resumeSession, store, null)).toBeNull();
    expect(resumeSession.label({ state: store.getState(), workerId: null })).toBe('Resume session');
    await resumeSession.perform({ state: store.getState(), workerId: null });
    expect(client.resumeSession).toHaveBeenCalledWith('s1');
    expect(client.control).not.toHaveBeenCalled();
  });

  it('a completed session cannot be resumed', () => {
    const store = live({ claude: 'completed' });
    store.getState().applyEvents({
      sessionId: 's1',
      events: [{ ...eventMaker()('session_status', { status: 'completed' }), seq: 50 }],
    });
    expect(why(resumeSession, store, null)).toBe('a completed session cannot be resumed');
  });

  it('tooltips carry the shortcut and the reason', () => {
    const store = live({ claude: 'completed' });
    expect(tooltipOf(pauseWorker, { state: store.getState(), workerId: 'claude' })).toBe(
      'Pause claude (P) — claude has completed',
    );
    expect(tooltipOf(stopSession, { state: store.getState(), workerId: null })).toBe(
      'Stop the session (Shift+X)',
    );
  });
});

describe('shortcuts', () => {
  it('every command with a shortcut has a distinct one', () => {
    const labels = COMMANDS.filter((c) => c.shortcut).map((c) => c.shortcut!.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('match letters by key position, with exactly the modifiers asked for', () => {
    const p = shortcut('Shift+P');
    expect(p.test(key('P', { shiftKey: true }))).toBe(true);
    expect(p.test(key('p'))).toBe(false);
    expect(p.test(key('P', { shiftKey: true, ctrlKey: true }))).toBe(false);
    expect(shortcut('Alt+N').test({ ...key('ñ', { altKey: true }), code: 'KeyN' })).toBe(true);
    expect(shortcut('Mod+,').label).toBe('Ctrl+,');
  });

  it('runs the command for the focused worker, and says why when it cannot', async () => {
    const client = fakeClient();
    const store = live({ claude: 'running', codex: 'completed' }, client);
    store.getState().focusWorker('claude');
    const run = runShortcut(key('p'), { state: store.getState(), workerId: null }, false);
    expect(run).toMatchObject({ handled: true, refused: null });
    if (run.handled) await run.done;
    expect(client.control).toHaveBeenCalledWith('s1', 'pause', 'claude');

    store.getState().focusWorker('codex');
    expect(runShortcut(key('x'), { state: store.getState(), workerId: null }, false)).toMatchObject({
      handled: true,
      refused: 'codex has already completed',
    });
  });

  it('ignores single keys while the person types, but not chords', () => {
    const store = live({ claude: 'running' });
    store.getState().focusWorker('claude');
    expect(runShortcut(key('p'), { state: store.getState(), workerId: null }, true)).toEqual({
      handled: false,
    });
    expect(
      runShortcut(key('s', { altKey: true }), { state: store.getState(), workerId: null }, true),
    ).toMatchObject({ handled: true });
    expect(store.getState().screen).toBe('sessions');
  });

  it('worker and session keys do nothing outside the session screen', () => {
    const store = live({ claude: 'running' });
    store.getState().showNewTask();
    store.getState().focusWorker('claude');
    expect(runShortcut(key('p'), { state: store.getState(), workerId: null }, false)).toEqual({
      handled: false,
    });
  });

  it('digits select a worker by its place', () => {
    const store = live({ claude: 'running', codex: 'running' });
    const ctx = () => ({ state: store.getState(), workerId: null });
    expect(runShortcut(key('2'), ctx(), false)).toMatchObject({ handled: true, refused: null });
    expect(store.getState().focusedWorker).toBe('codex');
    expect(runShortcut(key('9'), ctx(), false)).toMatchObject({ refused: 'there is no worker 9' });
    runShortcut(key(']'), ctx(), false);
    expect(store.getState().focusedWorker).toBe('gemini');
  });
});
