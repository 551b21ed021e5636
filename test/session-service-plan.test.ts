import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrchestratorConfig, type Event, type TaskBreakdown } from '../src-shared/models';
import { saveConfig } from '../src-main/config/save-config';
import { SessionService } from '../src-main/coordinator/session-service';
import { readEvents } from '../src-main/store/session-folder';
import { waitFor } from './proc';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

const { tempDir, temp } = tempDirs();
const repo = () => {
  const dir = scratchRepo();
  temp.push(dir);
  return dir;
};

/** The demo agents, quick: a few milliseconds between their lines. */
const QUICK = { ORCHESTRATOR_DEMO_DELAY_MS: '5' };
const quickAgents = Object.fromEntries(
  ['claude', 'codex', 'gemini'].map((a) => [a, { command: a, env: QUICK }]),
);

function service(config: unknown = { agents: quickAgents }) {
  return new SessionService({
    workspace: tempDir('orchestrator-ws-'),
    config: OrchestratorConfig.parse(config),
  });
}

function collect(svc: SessionService, sessionId: string): Event[] {
  const events: Event[] = [];
  svc.subscribe(sessionId, 0, (batch) => events.push(...batch));
  return events;
}

const stored = (svc: SessionService) => (existsSync(svc.workspace) ? readdirSync(svc.workspace) : []);

describe('plan preview', () => {
  it('runs the planner agent and answers its plan, one assignment per agent, starting nothing', async () => {
    const svc = service();
    const task = 'add a CONTRIBUTING file';
    const preview = await svc.plan({ task, repo: repo(), agents: ['codex', 'gemini'], demo: true });
    expect(preview.planner).toBe('claude');
    expect(preview.fallback).toBeNull();
    expect(preview.breakdown.source).toBe('agent');
    expect(preview.breakdown.task).toBe(task);
    expect(preview.breakdown.assignments.map((a) => a.agent)).toEqual(['codex', 'gemini']);
    for (const assignment of preview.breakdown.assignments) {
      expect(assignment.instructions.trim()).not.toBe('');
      expect(assignment.title.trim()).not.toBe('');
    }
    expect(svc.list()).toEqual([]);
    expect(stored(svc)).toEqual([]);
  });

  it('says why the template split stands in when the planner cannot run', async () => {
    const svc = service({ agents: { claude: { command: 'claude-not-installed-here' } } });
    const preview = await svc.plan({ task: 'write notes', repo: repo(), agents: ['codex'], demo: false });
    expect(preview.planner).toBe('claude');
    expect(preview.breakdown.source).toBe('template');
    expect(preview.breakdown.assignments.map((a) => a.agent)).toEqual(['codex']);
    expect(preview.fallback).toMatch(/claude-not-installed-here was not found on PATH/);
    expect(preview.fallback).toMatch(/using the template split$/);
  });

  it('gives the template split without running a planner when the template is asked for', async () => {
    // A planner that cannot run: had it been asked, the answer would carry a fallback reason.
    const svc = service({ agents: { claude: { command: 'claude-not-installed-here' } } });
    const preview = await svc.plan({
      task: 'write notes',
      repo: repo(),
      agents: ['claude', 'gemini'],
      demo: false,
      plan: 'template',
    });
    expect(preview).toMatchObject({ planner: null, fallback: null, breakdown: { source: 'template' } });
    expect(preview.breakdown.assignments.map((a) => a.agent)).toEqual(['claude', 'gemini']);
  });

  it('cancels a preview still planning when the service stops everything', async () => {
    const svc = service({
      agents: { claude: { command: 'claude', env: { ORCHESTRATOR_DEMO_SCENARIO: 'hang' } } },
    });
    const pending = svc.plan({ task: 'never planned', repo: repo(), agents: ['codex'], demo: true });
    // Long enough for the planner process to be up and hanging.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await svc.stopAll();
    const preview = await pending;
    expect(preview.breakdown.source).toBe('template');
    expect(preview.fallback).toMatch(/planning was cancelled/);
  });

  it('refuses bad input like start does, with one message and its code', async () => {
    const svc = service();
    const dir = repo();
    await expect(svc.plan({ task: '   ', repo: dir, demo: true })).rejects.toMatchObject({
      code: 'bad_task',
      message: expect.stringMatching(/task is empty/),
    });
    await expect(
      svc.plan({ task: 'x', repo: join(dir, 'no-such-folder'), demo: true }),
    ).rejects.toMatchObject({ code: 'bad_repo', message: expect.stringMatching(/repository not found/) });
    await expect(svc.plan({ task: 'x', repo: dir, agents: ['nobody'], demo: true })).rejects.toMatchObject({
      code: 'bad_agents',
    });
    expect(stored(svc)).toEqual([]);
  });

  it('starts with the edited plan: the worker gets the edited subtask, and no planner runs', async () => {
    const svc = service();
    const dir = repo();
    const request = { task: 'add a CONTRIBUTING file', repo: dir, agents: ['claude', 'codex'], demo: true };
    const preview = await svc.plan(request);
    const edited: TaskBreakdown = {
      ...preview.breakdown,
      assignments: preview.breakdown.assignments.map((a) =>
        a.agent === 'codex'
          ? { ...a, instructions: 'EDITED BY A PERSON: only check the README wording.' }
          : a,
      ),
    };
    const { sessionId, folder } = await svc.start({ ...request, breakdown: edited, review: false });
    const events = collect(svc, sessionId);
    expect(await svc.done(sessionId)).toBe('completed');
    await waitFor(() => events.some((e) => e.type === 'session_status' && e.payload.status === 'completed'));

    const plan = readEvents(folder).events.find((e) => e.type === 'plan');
    expect(plan?.type === 'plan' && plan.payload.breakdown).toEqual(edited);
    const launchOf = (agent: string) => {
      const started = events.find((e) => e.type === 'worker_started' && e.workerId === agent);
      return started?.type === 'worker_started' ? started.payload.args.join('\n') : '';
    };
    expect(launchOf('codex')).toContain('EDITED BY A PERSON: only check the README wording.');
    expect(launchOf('claude')).not.toContain('EDITED BY A PERSON');
    expect(launchOf('claude')).toContain(edited.assignments.find((a) => a.agent === 'claude')!.instructions);
    // The plan was given: the planner agent did not run for this session.
    expect(existsSync(join(folder, 'planner'))).toBe(false);
  });

  it('refuses a given plan that does not cover exactly the session agents, before anything starts', async () => {
    const svc = service();
    const dir = repo();
    const request = { task: 'write notes', repo: dir, agents: ['claude', 'codex'], demo: true };
    const preview = await svc.plan({ ...request, plan: 'template' });
    const [claude, codex] = preview.breakdown.assignments;
    const cases: [TaskBreakdown, RegExp][] = [
      [{ ...preview.breakdown, assignments: [claude!] }, /no assignment for codex/],
      [
        { ...preview.breakdown, assignments: [claude!, codex!, { ...codex!, agent: 'gemini' }] },
        /assignment for gemini, which is not one of this session's agents/,
      ],
      [{ ...preview.breakdown, assignments: [claude!, codex!, codex!] }, /two assignments for codex/],
      [
        { ...preview.breakdown, assignments: [claude!, { ...codex!, instructions: '  \n' }] },
        /assignment for codex is empty/,
      ],
    ];
    for (const [breakdown, message] of cases) {
      await expect(svc.start({ ...request, breakdown })).rejects.toMatchObject({ code: 'bad_plan', message });
    }
    expect(stored(svc)).toEqual([]);
  });
});

describe('settings apply without a restart', () => {
  it('a saved config applies to the next session after reloadConfig; a running one keeps its own', async () => {
    const configPath = join(tempDir('orchestrator-config-'), 'config.json');
    const hang = { ORCHESTRATOR_DEMO_SCENARIO: 'hang' };
    const first = { agents: { codex: { command: 'codex', env: hang } } };
    expect(saveConfig(configPath, JSON.stringify(first))).toMatchObject({ saved: true });
    const svc = new SessionService({ workspace: tempDir('orchestrator-ws-'), configPath });
    const dir = repo();

    // No agents asked for: the config's enabled ones run.
    const a = await svc.start({ task: 'wait', repo: dir, demo: true, plan: 'template' });
    const aEvents = collect(svc, a.sessionId);
    await waitFor(() => aEvents.some((e) => e.type === 'worker_started'));
    expect(svc.state(a.sessionId)!.workers.map((w) => w.agent)).toEqual(['codex']);

    // The settings page saves: codex off, gemini on, and a one-second idle limit.
    const second = {
      agents: { codex: { command: 'codex', enabled: false }, gemini: { command: 'gemini', env: hang } },
      limits: { idleTimeoutSec: 1 },
    };
    expect(saveConfig(configPath, JSON.stringify(second))).toMatchObject({ saved: true });
    expect(svc.reloadConfig().limits.idleTimeoutSec).toBe(1);

    const b = await svc.start({ task: 'wait too', repo: dir, demo: true, plan: 'template' });
    const bEvents = collect(svc, b.sessionId);
    expect(svc.state(b.sessionId)!.workers.map((w) => w.agent)).toEqual(['gemini']);
    // The new limit stops the silent gemini of the new session…
    expect(await svc.done(b.sessionId)).toBe('failed');
    expect(bEvents.some((e) => e.type === 'error' && e.payload.code === 'limit_idle')).toBe(true);

    // …while the session started before the save, silent for longer, keeps its own limits and runs on.
    expect(svc.state(a.sessionId)).toMatchObject({ status: 'running', workers: [{ status: 'running' }] });
    expect(aEvents.some((e) => e.type === 'error' && e.payload.code === 'limit_idle')).toBe(false);
    await svc.control(a.sessionId, 'stop');
    expect(await svc.done(a.sessionId)).toBe('stopped');
  });

  it('keeps the config it has when the file became invalid, and says why', async () => {
    const configPath = join(tempDir('orchestrator-config-'), 'config.json');
    expect(saveConfig(configPath, JSON.stringify({ planner: 'codex' }))).toMatchObject({ saved: true });
    const svc = new SessionService({ workspace: tempDir('orchestrator-ws-'), configPath });
    writeFileSync(configPath, '{"limits": {"idleTimeoutSec": -1}}');
    expect(() => svc.reloadConfig()).toThrow(/limits\.idleTimeoutSec/);
    const preview = await svc.plan({ task: 'x', repo: repo(), agents: ['gemini'], demo: true });
    expect(preview.planner).toBe('codex');
  });
});
