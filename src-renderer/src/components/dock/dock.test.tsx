// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Event } from '../../../../src-shared/models';
import { eventMaker, fakeClient, openStore, renderWith, text } from '../../testing/fixtures';
import { withLayout } from '../../testing/layout';
import { MAX_LOG_ENTRIES } from '../../store/projections/log-entries';
import { DiffView } from './diff-view';
import { LogDock } from './log-dock';
import { NormalizedLog } from './normalized-log';
import { RawLog } from './raw-log';

withLayout();
afterEach(cleanup);

function busyLog(): Event[] {
  const ev = eventMaker();
  // jsdom does not scroll, so the matches sit near the top, where the rendered rows are.
  const events: Event[] = [
    ev('worker_status', { status: 'running' }, 'claude'),
    ev('command', { command: 'npm test', status: 'completed', exitCode: 0, output: 'limiter ok' }, 'claude'),
    ev('MILESTONE', { summary: 'limiter + tests' }, 'claude'),
  ];
  for (let i = 0; i < 300; i++) {
    events.push(
      ev(
        'tool_use',
        { toolId: `t${i}`, name: 'Read', summary: `read src/file-${i}.ts`, input: {} },
        'claude',
      ),
    );
  }
  return events;
}

describe('normalized log tab', () => {
  it('renders only the rows in view, filters by type, and searches with a count', async () => {
    const store = openStore();
    store.getState().applyEvents({ sessionId: 's1', events: busyLog() });
    store.getState().openDock('claude', 'normalized');
    renderWith(store, <LogDock />);
    const log = screen.getByRole('log', { name: 'Normalized log' });
    const rows = log.querySelectorAll('.log-row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);

    const filter = screen.getByRole('combobox', { name: 'Filter by event type' });
    expect(text(filter)).toContain('all events (303)');
    // Plain words first, the type's own name beside them.
    expect(text(filter)).toContain('Tool calls — tool_use (300)');
    fireEvent.change(filter, { target: { value: 'MILESTONE' } });
    expect(text(log)).toContain('▲ Milestone: limiter + tests');
    expect(log.querySelectorAll('.log-row')).toHaveLength(1);

    fireEvent.change(filter, { target: { value: 'all' } });
    const search = screen.getByRole('searchbox', { name: 'Search this log' });
    await act(async () => {
      fireEvent.change(search, { target: { value: 'limiter' } });
    });
    expect(text(screen.getByRole('status'))).toBe('1 of 2');
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(text(screen.getByRole('status'))).toBe('2 of 2');
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(text(screen.getByRole('status'))).toBe('1 of 2');
    // The first match is in the command's output: its detail opens so the person sees why it matched.
    const current = log.querySelector('.current-match');
    expect(text(current)).toContain('▶ npm test (exit 0)');
    expect(current?.querySelector('mark')?.textContent).toBe('limiter');
    // Searching stopped following the tail, so the view stays on the match.
    expect(store.getState().followTail).toBe(false);
  });

  it('has one tab per worker and one for the session, and switches with arrow keys', () => {
    const store = openStore();
    store.getState().openDock('claude', 'normalized');
    renderWith(store, <LogDock />);
    const tabs = within(screen.getByRole('tablist', { name: 'Worker logs' })).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['claude', 'codex', 'gemini', 'session']);
    fireEvent.keyDown(tabs[0]!, { key: 'ArrowRight' });
    expect(store.getState().dock).toEqual({ workerId: 'codex', mode: 'normalized' });
  });
});

describe('a log longer than the store holds', () => {
  /** A worker's long log: the oldest events leave the store's window and stay on disk. */
  function longLog(count: number): Event[] {
    const ev = eventMaker();
    return Array.from({ length: count }, (_, i) =>
      i % 1000 === 0
        ? ev('MILESTONE', { summary: `milestone ${i}` }, 'claude')
        : ev(
            'tool_use',
            { toolId: `t${i}`, name: 'Read', summary: `read file-${i}.ts`, input: {} },
            'claude',
          ),
    );
  }

  it('reads the events the store no longer holds back from disk, page by page', async () => {
    const events = longLog(MAX_LOG_ENTRIES + 1_001);
    const log = vi.fn(
      async (_s: string, which: { workerId: string | null; type?: string }, from: number, count: number) => {
        const list = events.filter(
          (e) => e.workerId === which.workerId && (!which.type || e.type === which.type),
        );
        return { from, events: list.slice(from - 1, from - 1 + count), total: list.length };
      },
    );
    const client = fakeClient({ log });
    const store = openStore(client);
    store.getState().applyEvents({ sessionId: 's1', events });
    // The store keeps a window of the newest events, and counts them all.
    expect(store.getState().view?.log.claude).toHaveLength(MAX_LOG_ENTRIES);
    expect(store.getState().view?.log.claude?.[0]?.text).toBe('📄 read file-1001.ts');
    expect(store.getState().view?.logCounts.claude).toEqual({
      total: MAX_LOG_ENTRIES + 1_001,
      types: { MILESTONE: 7, tool_use: MAX_LOG_ENTRIES + 994 },
    });
    store.getState().setFollowTail(false);
    renderWith(store, <NormalizedLog logKey="claude" />, client);
    const view = screen.getByRole('log', { name: 'Normalized log' });
    expect(text(screen.getByRole('combobox', { name: 'Filter by event type' }))).toContain(
      `all events (${MAX_LOG_ENTRIES + 1_001})`,
    );
    // jsdom does not scroll: the view shows the oldest rows, which only the disk has.
    await vi.waitFor(() => expect(text(view)).toContain('▲ Milestone: milestone 0'));
    expect(text(view)).toContain('📄 read file-1.ts');
    expect(log).toHaveBeenCalledWith('s1', { workerId: 'claude' }, 1, 200);

    // A filter pages the events of that type, the older ones from disk too.
    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by event type' }), {
      target: { value: 'MILESTONE' },
    });
    await vi.waitFor(() => expect(view.querySelectorAll('.log-row:not(.line-muted)')).toHaveLength(7));
    expect(log).toHaveBeenCalledWith('s1', { workerId: 'claude', type: 'MILESTONE' }, 1, 200);
  });

  it('searches the events on disk through the app and those it holds itself', async () => {
    const events = longLog(MAX_LOG_ENTRIES + 1_000);
    const logSearch = vi.fn(async () => ({
      places: [1, 501, 1001, 5001],
      total: 4,
      searched: events.length,
    }));
    const client = fakeClient({
      log: vi.fn(async (_s: string, _w: unknown, from: number) => ({
        from,
        events: [],
        total: events.length,
      })),
      logSearch,
    });
    const store = openStore(client);
    store.getState().applyEvents({ sessionId: 's1', events });
    store.getState().setFollowTail(false);
    renderWith(store, <NormalizedLog logKey="claude" />, client);
    const search = screen.getByRole('searchbox', { name: 'Search this log' });
    await act(async () => {
      fireEvent.change(search, { target: { value: 'milestone' } });
    });
    // Two matches before the window come from the app; those in the window (places 1001–6000) are found here.
    await vi.waitFor(() => expect(text(screen.getByRole('status'))).toBe('1 of 7'));
    expect(logSearch).toHaveBeenCalledWith('s1', { workerId: 'claude' }, 'milestone', 1, 1000);
  });
});

describe('raw log tab', () => {
  it('reads pages of the raw log and shows them with their colours, as text', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) =>
      i === 0 ? '\u001b[32m<b>first</b>\u001b[0m' : `{"line":${i + 1}}`,
    );
    const rawLog = vi.fn(async (_s: string, _w: string, from: number, count: number) => ({
      from,
      lines: lines.slice(from - 1, from - 1 + count),
      total: lines.length,
    }));
    const client = fakeClient({ rawLog });
    const store = openStore(client);
    store.getState().setFollowTail(false);
    renderWith(store, <RawLog sessionId="s1" workerId="claude" live={false} />, client);
    const log = await screen.findByRole('log', { name: 'Raw output' });
    await vi.waitFor(() => expect(text(log)).toContain('<b>first</b>'));
    expect(rawLog).toHaveBeenCalledWith('s1', 'claude', 1, 500);
    expect(rawLog).not.toHaveBeenCalledWith('s1', 'claude', 1001, 500);
    expect(log.querySelector('b')).toBeNull();
    expect(log.querySelector('.ansi-green-fg')?.textContent).toBe('<b>first</b>');
    expect(text(screen.getByText(/lines of raw output/))).toBe(
      '1200 lines of raw output, exactly as printed',
    );
  });

  it('searches the whole raw log through the app and counts the matches', async () => {
    const rawSearch = vi.fn(async () => ({ lines: [2, 40, 900], total: 3, searched: 1200 }));
    const client = fakeClient({
      rawLog: vi.fn(async (_s: string, _w: string, from: number, count: number) => ({
        from,
        lines: Array.from({ length: Math.min(count, 1200 - from + 1) }, (_, i) => `line ${from + i}`),
        total: 1200,
      })),
      rawSearch,
    });
    const store = openStore(client);
    store.getState().setFollowTail(false);
    renderWith(store, <RawLog sessionId="s1" workerId="claude" live={false} />, client);
    const search = await screen.findByRole('searchbox', { name: 'Search this log' });
    await act(async () => {
      fireEvent.change(search, { target: { value: 'error' } });
    });
    await vi.waitFor(() => expect(text(screen.getByRole('status'))).toBe('1 of 3'));
    expect(rawSearch).toHaveBeenCalledWith('s1', 'claude', 'error', 1, 1000);
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(text(screen.getByRole('status'))).toBe('2 of 3');
  });

  it('shows a very long line’s start, and the whole line when asked', async () => {
    const long = `start ${'x'.repeat(3_000)} end`;
    const client = fakeClient({
      rawLog: vi.fn(async (_s: string, _w: string, from: number) => ({ from, lines: [long], total: 1 })),
    });
    const store = openStore(client);
    renderWith(store, <RawLog sessionId="s1" workerId="claude" live={false} />, client);
    const more = await screen.findByRole('button', { name: /more characters/ });
    const view = screen.getByRole('log', { name: 'Raw output' });
    expect(text(view)).not.toContain(' end');
    fireEvent.click(more);
    expect(text(view)).toContain(' end');
  });
});

describe('diff tab', () => {
  it('lists the files with their counts and shows the chosen file’s hunks', async () => {
    const patch = [
      'diff --git a/GUIDE.md b/GUIDE.md',
      'new file mode 100644',
      'index 0000000..1111111',
      '--- /dev/null',
      '+++ b/GUIDE.md',
      '@@ -0,0 +1,2 @@',
      '+# Guide',
      '+Read me.',
      'diff --git a/src/a.ts b/src/a.ts',
      'index 2222222..3333333 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,2 +1,2 @@',
      ' const a = 1;',
      '-const b = 2;',
      '+const b = 3;',
      '',
    ].join('\n');
    const client = fakeClient({
      diff: vi.fn(async () => ({
        base: 'abc1234def',
        patch,
        files: [
          { path: 'GUIDE.md', added: 2, deleted: 0, binary: false },
          { path: 'src/a.ts', added: 1, deleted: 1, binary: false },
        ],
      })),
    });
    const store = openStore(client);
    renderWith(store, <DiffView sessionId="s1" workerId="claude" />, client);
    const files = await screen.findByRole('list', { name: 'Changed files' });
    expect(text(files)).toBe('GUIDE.md+2 −0src/a.ts+1 −1');
    expect(text(screen.getByRole('region', { name: 'Changes in GUIDE.md' }))).toContain('# Guide');
    fireEvent.click(within(files).getByRole('button', { name: /src\/a\.ts/ }));
    const region = screen.getByRole('region', { name: 'Changes in src/a.ts' });
    expect(text(region)).toContain('const b = 3;');
    expect(region.querySelectorAll('.diff-code-delete')).toHaveLength(1);
  });
});
