// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlanPreview, PlanSessionRequest } from '../../../src-shared/ipc/contract';
import { ClientError } from '../client/orchestrator-client';
import { createAppStore } from '../store/store';
import { fakeClient, renderWith, text } from '../testing/fixtures';
import { NewTask } from './new-task';

afterEach(cleanup);

/** A planner stand-in that plans whatever it is asked for: one assignment per requested agent. */
const planner = (over: Partial<PlanPreview> = {}) =>
  vi.fn(async (request: PlanSessionRequest): Promise<PlanPreview> => ({
    breakdown: {
      task: request.task.trim(),
      assignments: (request.agents ?? []).map((agent) => ({
        agent,
        title: `${agent} part`,
        instructions: `${agent}: do your part of ${request.task.trim()}`,
        scope: agent === 'claude' ? ['src/'] : [],
      })),
      source: 'agent',
    },
    planner: 'claude',
    fallback: null,
    ...over,
  }));

async function setup(planSession = planner()) {
  const client = fakeClient({ planSession });
  renderWith(createAppStore(client), <NewTask />, client);
  fireEvent.change(screen.getByLabelText('Task'), { target: { value: 'Add a guide' } });
  fireEvent.change(screen.getByLabelText('Repository'), { target: { value: '/src/app' } });
  return { client, planSession };
}

const click = async (name: string | RegExp) => {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
  });
};
const field = (name: RegExp) => screen.getByRole('textbox', { name }) as HTMLInputElement;

describe('plan preview on the new task screen', () => {
  it('shows the planned subtasks as labelled fields, and starts with the edited plan', async () => {
    const { client, planSession } = await setup();
    await click('Preview plan');
    expect(planSession).toHaveBeenCalledWith({
      task: 'Add a guide',
      repo: '/src/app',
      agents: ['claude', 'codex', 'gemini'],
      demo: true,
    });
    const region = screen.getByRole('region', { name: 'Plan' });
    // Focus lands on the new plan, for keyboard and screen-reader users.
    expect(document.activeElement).toBe(within(region).getByRole('heading', { name: 'Plan' }));
    expect(text(region)).toContain('Planned by claude.');
    expect(field(/^claude subtask$/i).value).toBe('claude: do your part of Add a guide');
    expect(field(/^claude scope$/i).value).toBe('src/');
    expect(field(/^gemini title$/i).value).toBe('gemini part');
    expect(
      within(region)
        .getAllByRole('group')
        .map((g) => g.getAttribute('data-agent')),
    ).toEqual(['claude', 'codex', 'gemini']);

    fireEvent.change(field(/^codex subtask$/i), { target: { value: 'Only run the tests, change nothing.' } });
    fireEvent.change(field(/^codex title$/i), { target: { value: 'Verify' } });
    fireEvent.change(field(/^codex scope$/i), { target: { value: 'test/, e2e/ ,' } });
    expect(field(/^codex scope$/i).value).toBe('test/, e2e/ ,');
    await click('Start');

    expect(client.startSession).toHaveBeenCalledTimes(1);
    const request = vi.mocked(client.startSession).mock.calls[0]![0];
    expect(request).toMatchObject({ task: 'Add a guide', repo: '/src/app', demo: true });
    const codex = request.breakdown?.assignments.find((a) => a.agent === 'codex');
    expect(codex).toEqual({
      agent: 'codex',
      title: 'Verify',
      instructions: 'Only run the tests, change nothing.',
      scope: ['test/', 'e2e/'],
    });
    // The others go as planned.
    const planned = (await planSession.mock.results[0]!.value) as PlanPreview;
    expect(request.breakdown?.assignments.filter((a) => a.agent !== 'codex')).toEqual(
      planned.breakdown.assignments.filter((a) => a.agent !== 'codex'),
    );
  });

  it('starts without a breakdown when there was no preview, or it was discarded', async () => {
    const { client } = await setup();
    await click('Preview plan');
    await click('Discard plan');
    expect(screen.queryByRole('region', { name: 'Plan' })).toBeNull();
    await click('Start');
    expect(client.startSession).toHaveBeenCalledWith({
      task: 'Add a guide',
      repo: '/src/app',
      agents: ['claude', 'codex', 'gemini'],
      demo: true,
    });
  });

  it('replaces every field, edited or not, when the person plans again', async () => {
    const { planSession } = await setup();
    await click('Preview plan');
    fireEvent.change(field(/^claude scope$/i), { target: { value: 'lib/' } });
    fireEvent.change(field(/^claude subtask$/i), { target: { value: 'something else' } });
    await click('Plan again');
    expect(planSession).toHaveBeenCalledTimes(2);
    expect(field(/^claude scope$/i).value).toBe('src/');
    expect(field(/^claude subtask$/i).value).toBe('claude: do your part of Add a guide');
  });

  it('says why the template split stands in when the planner failed', async () => {
    await setup(
      planner({
        breakdown: {
          task: 'Add a guide',
          assignments: [{ agent: 'claude', title: 'Implement', instructions: 'do it', scope: [] }],
          source: 'template',
        },
        fallback: 'the planner (claude) gave no usable plan (no plan); using the template split',
      }),
    );
    await click('Preview plan');
    const region = screen.getByRole('region', { name: 'Plan' });
    expect(text(region)).toContain('because the planner gave no usable plan');
    expect(text(region)).toContain(
      'the planner (claude) gave no usable plan (no plan); using the template split',
    );
    expect(within(region).getByText('template')).toBeTruthy();
  });

  it('refuses to start a plan made for other agents or another task, or with an empty subtask', async () => {
    const { client } = await setup();
    await click('Preview plan');
    fireEvent.click(
      within(document.querySelector('[data-agent="gemini"]') as HTMLElement).getByRole('checkbox'),
    );
    await click('Start');
    expect(client.startSession).not.toHaveBeenCalled();
    expect(screen.getAllByRole('alert').map(text)).toEqual([
      expect.stringMatching(/^This plan was made for other agents: preview the plan again, or discard it/),
    ]);

    fireEvent.click(
      within(document.querySelector('[data-agent="gemini"]') as HTMLElement).getByRole('checkbox'),
    );
    fireEvent.change(screen.getByLabelText('Task'), { target: { value: 'Add a guide and a FAQ' } });
    await click('Start');
    expect(client.startSession).not.toHaveBeenCalled();
    expect(screen.getAllByRole('alert').map(text)).toEqual([
      expect.stringMatching(/^This plan was made for another task/),
    ]);

    fireEvent.change(screen.getByLabelText('Task'), { target: { value: 'Add a guide' } });
    fireEvent.change(field(/^codex subtask$/i), { target: { value: '   ' } });
    await click('Start');
    expect(client.startSession).not.toHaveBeenCalled();
    expect(screen.getAllByRole('alert').map(text)).toEqual([
      'Give codex a title and a subtask, or discard the plan.',
    ]);
    expect(field(/^codex subtask$/i).getAttribute('aria-invalid')).toBe('true');
    expect(field(/^claude subtask$/i).getAttribute('aria-invalid')).toBe('false');
  });

  it('puts a refusal of the preview beside its field, and previews with Alt+P from the keyboard', async () => {
    const planSession = vi.fn(async () => {
      throw new ClientError('bad_repo', 'repository not found: /src/app');
    });
    await setup(planSession);
    await act(async () => {
      fireEvent.keyDown(screen.getByLabelText('Task'), { key: 'p', code: 'KeyP', altKey: true });
    });
    expect(planSession).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText('Repository').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByRole('alert').map(text)).toEqual(['repository not found: /src/app']);
    expect(screen.queryByRole('region', { name: 'Plan' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Preview plan' }).getAttribute('aria-keyshortcuts')).toBe(
      'Alt+P',
    );
  });

  it('checks the fields before asking the planner', async () => {
    const planSession = planner();
    const client = fakeClient({ planSession });
    renderWith(createAppStore(client), <NewTask />, client);
    await click('Preview plan');
    expect(planSession).not.toHaveBeenCalled();
    expect(screen.getAllByRole('alert').map(text)).toEqual([
      'Describe the task the agents should do.',
      'Choose the repository the agents work on.',
    ]);
  });

  it('says the preview is not offered by a client without it', () => {
    const client = fakeClient();
    renderWith(createAppStore(client), <NewTask />, client);
    const button = screen.getByRole('button', { name: 'Preview plan' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.getAttribute('title')).toMatch(/not available here yet/);
  });
});
