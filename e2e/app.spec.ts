import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './harness/fixtures';
import { screenshot } from './harness/screenshots';

// The built main bundle runs in Node with `electron` doubled; the built preload and renderer run in Chromium.

test('a task with demo agents runs three workers to completion', async ({ launch, scratch }) => {
  const repo = scratch.makeRepo();
  const app = await launch({ pickDirectory: repo });
  const page = app.page;

  await page.getByLabel('Task', { exact: true }).fill('Add a CONTRIBUTING guide');
  await page.getByRole('button', { name: 'Choose…' }).click();
  await expect(page.getByLabel('Repository')).toHaveValue(repo);
  await expect(page.getByRole('switch', { name: /demo agents/i })).toBeChecked();
  await page.getByRole('button', { name: 'Start' }).click();

  for (const agent of ['claude', 'codex', 'gemini']) {
    const pane = page.getByRole('article', { name: `${agent} worker` });
    await expect(pane).toBeVisible();
    await expect(pane.locator('.status-chip')).toHaveText(/completed/, { timeout: 60_000 });
    await expect(pane.getByTestId('files-changed')).not.toHaveText('0 files');
    await expect(
      pane.getByRole('list', { name: 'Recent activity' }).getByText(/^▲ Milestone: /),
    ).toBeVisible();
    await expect(pane.getByText('demo', { exact: true })).toBeVisible();
    // Readable lines only: no raw JSON in the pane.
    await expect(pane.getByRole('list', { name: 'Recent activity' })).not.toContainText('{"type"');
  }
  await expect(page.locator('.session-header').getByTitle('Session status')).toHaveText(/completed/);
  // Main told the desktop too, since the person may be looking elsewhere.
  await expect
    .poll(async () => (await app.probe()).notifications)
    .toContainEqual({ title: 'Session completed', body: 'Add a CONTRIBUTING guide' });

  expect(app.contractViolations).toEqual([]);

  const [sessionId] = scratch.sessionFolders();
  expect(sessionId).toBeDefined();
  const summary = JSON.parse(readFileSync(join(scratch.workspace, sessionId!, 'summary.json'), 'utf8'));
  expect(summary.status).toBe('completed');
});

test('a previewed plan, edited before the start, is the plan the workers get', async ({
  launch,
  scratch,
}) => {
  const repo = scratch.makeRepo();
  const app = await launch({ pickDirectory: repo });
  const page = app.page;

  const task = page.getByLabel('Task', { exact: true });
  await task.fill('Add a CONTRIBUTING guide');
  await page.getByRole('button', { name: 'Choose…' }).click();
  await expect(page.getByLabel('Repository')).toHaveValue(repo);
  // From the keyboard: the shortcut its tooltip names.
  await expect(page.getByRole('button', { name: 'Preview plan' })).toHaveAttribute(
    'aria-keyshortcuts',
    'Alt+P',
  );
  await task.press('Alt+P');

  const plan = page.getByRole('region', { name: 'Plan' });
  await expect(plan).toBeVisible({ timeout: 60_000 });
  await expect(plan).toContainText('Planned by claude.');
  await expect(plan.getByRole('heading', { name: 'Plan' })).toBeFocused();
  for (const agent of ['claude', 'codex', 'gemini']) {
    await expect(plan.getByRole('textbox', { name: `${agent} subtask` })).not.toHaveValue('');
  }
  // A preview starts nothing.
  expect(scratch.sessionFolders()).toEqual([]);
  const claudePlanned = await plan.getByRole('textbox', { name: 'claude subtask' }).inputValue();

  const edited = 'EDITED IN THE PREVIEW: only write a short checklist under docs/.';
  const codex = plan.getByRole('textbox', { name: 'codex subtask' });
  await codex.fill(edited);
  await screenshot(page, 'plan-preview');
  await codex.press('Control+Enter');

  const pane = page.getByRole('article', { name: 'codex worker' });
  await expect(pane.locator('.status-chip')).toHaveText(/running|completed/, { timeout: 60_000 });
  const [sessionId] = scratch.sessionFolders();
  expect(sessionId).toBeDefined();
  const readLog = () =>
    readFileSync(join(scratch.workspace, sessionId!, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(
        (line) => JSON.parse(line) as { type: string; workerId?: string; payload: Record<string, unknown> },
      );
  const launchOf = (agent: string) =>
    readLog().find((e) => e.type === 'worker_started' && e.workerId === agent)?.payload.args as
      string[] | undefined;
  await expect.poll(() => launchOf('codex')?.join('\n') ?? '').toContain(edited);
  await expect.poll(() => launchOf('claude')?.join('\n') ?? '').toContain(claudePlanned);
  expect(launchOf('claude')!.join('\n')).not.toContain(edited);
  const logged = readLog().find((e) => e.type === 'plan')?.payload.breakdown as {
    assignments: { agent: string; instructions: string }[];
  };
  expect(logged.assignments.find((a) => a.agent === 'codex')?.instructions).toBe(edited);
  // The plan was given: no planner ran in the session.
  expect(existsSync(join(scratch.workspace, sessionId!, 'planner'))).toBe(false);
  expect(app.contractViolations).toEqual([]);
});

test('a path that is no repository is refused inline and starts nothing', async ({ launch, scratch }) => {
  const app = await launch();
  const page = app.page;

  await page.getByLabel('Task', { exact: true }).fill('Add a CONTRIBUTING guide');
  await page.getByLabel('Repository').fill(join(scratch.root, 'no-such-folder'));
  await page.getByRole('button', { name: 'Start' }).click();

  await expect(page.getByRole('alert')).toContainText('repository not found');
  await expect(page.getByLabel('Repository')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('form', { name: 'New task' })).toBeVisible();
  expect(scratch.sessionFolders()).toEqual([]);
  await page.getByRole('navigation').getByRole('button', { name: 'Sessions' }).click();
  await expect(page.getByText('No sessions yet.')).toBeVisible();
});

test('a reload shows the open session again from the log', async ({ launch, scratch }) => {
  const app = await launch({ pickDirectory: scratch.makeRepo() });
  const page = app.page;
  await page.getByLabel('Task', { exact: true }).fill('Write a changelog');
  await page.getByRole('button', { name: 'Choose…' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('.session-header').getByTitle('Session status')).toHaveText(/completed/, {
    timeout: 60_000,
  });

  const panes = page.getByRole('article');
  const before = await panes.evaluateAll((list) => list.map((pane) => pane.textContent));

  await app.reload();

  await expect(panes).toHaveCount(3);
  for (const pane of await panes.all()) {
    await expect(pane.locator('.status-chip')).toHaveText(/completed/);
    await expect(
      pane.getByRole('list', { name: 'Recent activity' }).getByText(/^▲ Milestone: /),
    ).toBeVisible();
  }
  // The same log folded onto the same start gives the same panes: nothing lost, nothing twice.
  expect(await panes.evaluateAll((list) => list.map((pane) => pane.textContent))).toEqual(before);
});

test('quitting waits until every worker is stopped and its session written', async ({ launch, scratch }) => {
  // Slow agents rather than hanging ones: the planner asks an agent first, and a hanging one never plans.
  const app = await launch({
    pickDirectory: scratch.makeRepo(),
    env: { ORCHESTRATOR_DEMO_DELAY_MS: '1500' },
  });
  const page = app.page;
  await page.getByLabel('Task', { exact: true }).fill('Never finish');
  await page.getByRole('button', { name: 'Choose…' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  for (const agent of ['claude', 'codex', 'gemini']) {
    await expect(page.getByRole('article', { name: `${agent} worker` }).locator('.status-chip')).toHaveText(
      /running/,
    );
  }

  expect(await app.quit()).toBe(0);

  const [sessionId] = scratch.sessionFolders();
  const summary = JSON.parse(readFileSync(join(scratch.workspace, sessionId!, 'summary.json'), 'utf8'));
  expect(summary.status).toBe('stopped');
  expect(summary.workers.map((w: { status: string }) => w.status)).toEqual(['stopped', 'stopped', 'stopped']);
});

test('the shell is locked down and the page gets exactly the contract', async ({ launch }) => {
  const app = await launch();
  const probe = await app.probe();
  expect(probe.webPreferences).toMatchObject({
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webviewTag: false,
  });
  expect(probe.singleInstanceRequested).toBe(true);
  expect(probe.privilegedSchemes).toEqual([
    { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
  ]);
  expect(probe.permissionGranted).toBe(false);
  expect(probe.permissionCheck).toBe(false);
  expect(probe.navigationPrevented).toBe(true);
  expect(probe.windowOpen).toEqual({ allowed: 'deny', foreign: 'deny' });
  expect(probe.openedExternally).toEqual(['https://github.com/']);
  expect(probe.menuRoles).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu']));
  expect(probe.userData.endsWith('Orchestrator')).toBe(true);

  const response = await app.page.reload();
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

  const surface = await app.page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>;
    const api = g.orchestrator as Record<string, Record<string, unknown> | unknown>;
    return {
      keys: Object.entries(api)
        .flatMap(([noun, group]) =>
          typeof group === 'function'
            ? [noun]
            : Object.keys(group as object).map((verb) => `${noun}:${verb}`),
        )
        .sort(),
      require: typeof g.require,
      process: typeof g.process,
    };
  });
  expect(surface.keys).toEqual(
    [
      'agents:doctor',
      'app:pickRepository',
      'config:get',
      'config:save',
      'onEvents',
      'session:control',
      'session:decide',
      'session:delete',
      'session:log',
      'session:logSearch',
      'session:outcomes',
      'session:resume',
      'session:plan',
      'session:received',
      'session:start',
      'session:state',
      'session:subscribe',
      'session:unsubscribe',
      'sessions:list',
      'worker:copyBranch',
      'worker:diff',
      'worker:merge',
      'worker:openWorktree',
      'worker:rawLog',
      'worker:rawSearch',
    ].sort(),
  );
  expect(surface.require).toBe('undefined');
  expect(surface.process).toBe('undefined');
});
