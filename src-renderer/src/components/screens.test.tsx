// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentDoctor } from '../../../src-shared/ipc/contract';
import { createAppStore } from '../store/store';
import { eventMaker, fakeClient, openStore, renderWith, text } from '../testing/fixtures';
import { NewTask } from './new-task';
import { ConfigBanner } from './config-banner';
import { SettingsPage } from './settings-page';
import { WorkerPane } from './worker-pane';

afterEach(cleanup);

const doctor = (agent: string, fields: Partial<AgentDoctor>): AgentDoctor => ({
  agent,
  command: agent,
  format: null,
  enabled: true,
  found: true,
  path: `/usr/bin/${agent}`,
  version: '1.2.3',
  auth: 'credentials_file',
  next: null,
  ...fields,
});

describe('new task', () => {
  const client = () =>
    fakeClient({
      doctor: vi.fn(async () => [
        doctor('claude', {}),
        doctor('codex', { auth: 'unknown', next: 'run `codex login`' }),
        doctor('gemini', {
          found: false,
          path: null,
          version: null,
          next: 'install it: npm install -g @google/gemini-cli',
        }),
      ]),
    });

  it('shows each agent’s doctor status inline', async () => {
    const c = client();
    renderWith(createAppStore(c), <NewTask />, c);
    const row = (agent: string) => document.querySelector(`[data-agent="${agent}"]`);
    await vi.waitFor(() => expect(text(row('claude'))).toContain('✓ found 1.2.3 · logged in'));
    expect(text(row('codex'))).toContain('! found 1.2.3 · login not found — run `codex login`');
    expect(text(row('gemini'))).toContain('✕ not installed — install it: npm install -g @google/gemini-cli');
  });

  it('validates beside each field before anything starts, and warns about missing CLIs without demo', async () => {
    const c = client();
    renderWith(createAppStore(c), <NewTask />, c);
    await vi.waitFor(() => expect(document.querySelector('.doctor-line')).not.toBeNull());
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    });
    expect(c.startSession).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Task').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByRole('alert').map(text)).toEqual([
      'Describe the task the agents should do.',
      'Choose the repository the agents work on.',
    ]);
    fireEvent.change(screen.getByLabelText('Task'), { target: { value: 'Add a guide' } });
    expect(screen.getAllByRole('alert')).toHaveLength(1);

    fireEvent.click(screen.getByRole('switch', { name: /demo agents/i }));
    expect(text(screen.getByRole('status'))).toContain('gemini is not installed');
    fireEvent.click(
      within(document.querySelector('[data-agent="gemini"]') as HTMLElement).getByRole('checkbox'),
    );
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('keeps Start off, saying why, when no chosen agent can run (demo off, its CLI missing)', async () => {
    const c = client();
    renderWith(createAppStore(c), <NewTask />, c);
    await vi.waitFor(() => expect(document.querySelector('.doctor-line')).not.toBeNull());
    fireEvent.change(screen.getByLabelText('Task'), { target: { value: 'Add a guide' } });
    fireEvent.click(screen.getByRole('switch', { name: /demo agents/i }));
    for (const agent of ['claude', 'codex'])
      fireEvent.click(
        within(document.querySelector(`[data-agent="${agent}"]`) as HTMLElement).getByRole('checkbox'),
      );
    const start = screen.getByRole('button', { name: 'Start' });
    expect(start.getAttribute('aria-disabled')).toBe('true');
    expect(text(document.getElementById(start.getAttribute('aria-describedby')!)!)).toContain(
      'None of the chosen agents can run here: gemini is not installed',
    );
    await act(async () => {
      fireEvent.click(start);
    });
    expect(c.startSession).not.toHaveBeenCalled();
  });
});

describe('settings', () => {
  it('shows each validation issue at its field path and selects it in the editor', async () => {
    const text0 = '{\n  "limits": { "cpuPercent": 400 }\n}\n';
    const c = fakeClient({
      getConfig: vi.fn(async () => ({ path: '/c/config.json', text: text0, exists: true, issues: [] })),
      saveConfig: vi.fn(async () => ({
        saved: false as const,
        issues: [{ path: ['limits', 'cpuPercent'], message: 'Too big: expected number to be <=100' }],
      })),
    });
    renderWith(createAppStore(c), <SettingsPage />, c);
    const editor = (await screen.findByLabelText(/Config/)) as HTMLTextAreaElement;
    await act(async () => {
      fireEvent.keyDown(editor, { key: 's', code: 'KeyS', ctrlKey: true });
    });
    expect(c.saveConfig).toHaveBeenCalledWith(text0);
    const issues = screen.getByRole('alert', { name: 'Problems in the config' });
    expect(text(issues)).toBe('limits.cpuPercent (line 2): Too big: expected number to be <=100');
    fireEvent.click(within(issues).getByRole('button'));
    expect(editor.value.slice(editor.selectionStart, editor.selectionEnd)).toBe('400');
    expect(editor.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('worker pane', () => {
  it('says why a control cannot run, in its tooltip', () => {
    const store = openStore();
    const ev = eventMaker();
    store.getState().applyEvents({
      sessionId: 's1',
      events: [
        ev('session_status', { status: 'running' }),
        ev('worker_status', { status: 'completed' }, 'codex'),
      ],
    });
    renderWith(store, <WorkerPane worker={store.getState().view!.state!.workers[1]!} index={1} />);
    const stop = screen.getByRole('button', { name: 'Stop codex' });
    expect(stop.getAttribute('aria-disabled')).toBe('true');
    expect(stop.getAttribute('title')).toBe('Stop codex (X) — codex has already completed');
    fireEvent.click(stop);
    expect(store.getState().view?.busy).toEqual({});
  });

  it('puts the status in words, the numbers, and readable activity', () => {
    const store = openStore();
    const ev = eventMaker();
    store.getState().applyEvents({
      sessionId: 's1',
      events: [
        ev('session_status', { status: 'running' }),
        ev(
          'worker_started',
          { agent: 'claude', command: 'claude', args: [], cwd: '/w', pid: 77, demo: true },
          'claude',
        ),
        ev('worker_status', { status: 'running' }, 'claude'),
        ev('thinking', { text: 'secret plan' }, 'claude'),
        ev('file_change', { path: 'src/limiter.ts', kind: 'update' }, 'claude'),
        ev(
          'usage',
          { inputTokens: 40_000, outputTokens: 1_000, cachedInputTokens: 0, costUsd: 0.84 },
          'claude',
        ),
        ev('worker_status', { status: 'needs_input', reason: 'asks which store to use' }, 'claude'),
      ],
    });
    renderWith(store, <WorkerPane worker={store.getState().view!.state!.workers[0]!} index={0} />);
    const pane = screen.getByRole('article', { name: 'claude worker' });
    expect(pane.className).toContain('pane-alert');
    expect(text(pane.querySelector('.status-chip'))).toBe('?needs input');
    expect(text(pane)).toContain('1 file');
    expect(text(pane)).toContain('41k tok');
    expect(text(pane)).toContain('$0.84');
    expect(text(pane)).toContain('? needs input: asks which store to use');
    expect(text(pane.querySelector('details summary'))).toBe('thinking ▸');
    expect(pane.querySelector('details')?.open).toBe(false);
    expect(text(pane)).not.toContain('{');
    const pause = within(pane).getByRole('button', { name: 'Pause claude' });
    expect(pause.getAttribute('aria-disabled')).toBe('false');
    expect(pause.getAttribute('title')).toBe('Pause claude (P)');
    // A paused worker offers resume in pause's place.
    expect(within(pane).queryByRole('button', { name: 'Resume claude' })).toBeNull();
    expect(within(pane).getByRole('button', { name: 'Stop claude' }).getAttribute('title')).toBe(
      'Stop claude (X)',
    );
  });
});

describe('config banner', () => {
  it('says at start that the config file is invalid, with each field, and opens Settings', async () => {
    const c = fakeClient({
      getConfig: vi.fn(async () => ({
        path: '/c/config.json',
        text: '{"limits":{"idleTimeoutSec":"soon"}}',
        exists: true,
        issues: [{ path: ['limits', 'idleTimeoutSec'], message: 'Invalid input: expected number' }],
      })),
    });
    const store = createAppStore(c);
    renderWith(store, <ConfigBanner />, c);
    const banner = await screen.findByRole('alert');
    expect(text(banner)).toContain('The config file is not valid, so the app runs with the default settings');
    expect(text(banner)).toContain('limits.idleTimeoutSec: Invalid input: expected number');
    fireEvent.click(within(banner).getByRole('button', { name: 'Open Settings' }));
    expect(store.getState().screen).toBe('settings');
  });
});
