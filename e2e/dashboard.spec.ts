import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startOrchestrate, type ServeProcess } from '../src-main/server/testing/serve-process';
import { CHROMIUM_PATH } from './harness/app-harness';
import { expect, test } from './harness/fixtures';
import type { Scratch } from './harness/scratch';

// `orchestrate serve` as a real process with the built renderer (global setup builds it) and real demo
// agents; the dashboard in Chromium talks HTTP + SSE to it, with no app bridge in the page.

const AGENTS = ['claude', 'codex', 'gemini'];

interface Dashboard {
  server: ServeProcess;
  browser: Browser;
  page: Page;
  /** Requests the page made, so a test can tell where they went. */
  requests: string[];
  consoleErrors: string[];
}

/**
 * Each agent's demo scenario; claude also plans the task, so it always runs normally. `verdict` is what
 * every demo reviewer answers (ORCHESTRATOR_DEMO_VERDICT).
 */
async function openDashboard(
  scratch: Scratch,
  scenario: Record<string, string> = {},
  verdict?: string,
  /** More of the config file (limits…). */
  settings: Record<string, unknown> = {},
): Promise<Dashboard> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  const config = join(scratch.root, 'config.json');
  // 'slow' is ten times the delay: 300 ms between events keeps a worker visibly running for a few seconds.
  const env = (agent: string) => ({
    ...(scenario[agent]
      ? { ORCHESTRATOR_DEMO_SCENARIO: scenario[agent], ORCHESTRATOR_DEMO_DELAY_MS: '30' }
      : {}),
    ...(verdict ? { ORCHESTRATOR_DEMO_VERDICT: verdict } : {}),
  });
  writeFileSync(
    config,
    JSON.stringify({
      ...settings,
      agents: Object.fromEntries(AGENTS.map((a) => [a, { command: a, env: env(a) }])),
    }),
  );

  const server = await startOrchestrate(
    ['serve', '--port', '0', '--workspace', scratch.workspace, '--config', config],
    { ORCHESTRATOR_HOME: scratch.appData },
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} ${message.location().url}`);
  });
  return { server, browser, page, requests, consoleErrors };
}

async function closeDashboard(dashboard: Dashboard | undefined): Promise<void> {
  await dashboard?.browser.close().catch(() => {});
  await dashboard?.server.stop();
}

async function startSession(server: ServeProcess, repo: string, task: string): Promise<string> {
  const response = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ task, repo, agents: AGENTS, demo: true }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { sessionId: string }).sessionId;
}

test('the dashboard link of `run … --serve` opens on the session it serves', async ({ scratch }) => {
  let dashboard: Dashboard | undefined;
  try {
    dashboard = await openDashboard(scratch);
    const { server, page } = dashboard;
    const repo = scratch.makeRepo();
    const sessionId = await startSession(server, repo, 'Open me first');
    // The link as `run --serve` prints it (see serve.test.ts): the session beside the token, in the fragment.
    await page.goto(`${server.dashboardUrl!}&session=${sessionId}`);
    await expect(page.locator('.session-title')).toHaveText('Open me first');
    await expect(page.getByRole('article', { name: 'claude worker' })).toBeVisible();

    // A browser has no folder dialog: the task form offers the repositories sessions ran in.
    await page.getByRole('navigation').getByRole('button', { name: 'New task' }).click();
    const field = page.getByLabel('Repository');
    const list = await field.getAttribute('list');
    await expect(page.locator(`datalist[id="${list}"] option`)).toHaveCount(1);
    await expect(page.locator(`datalist[id="${list}"] option`)).toHaveAttribute('value', repo);
  } finally {
    await closeDashboard(dashboard);
  }
});

test('the dashboard shows a running demo session live, over HTTP and SSE', async ({ scratch }) => {
  let dashboard: Dashboard | undefined;
  try {
    dashboard = await openDashboard(scratch, { codex: 'slow', gemini: 'slow' });
    const { server, page } = dashboard;
    await startSession(server, scratch.makeRepo(), 'Watch the dashboard');
    expect(server.dashboardUrl).toContain('#token=');

    const response = await page.goto(server.dashboardUrl!);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(await page.evaluate(() => 'orchestrator' in globalThis)).toBe(false);

    await page.getByRole('navigation').getByRole('button', { name: 'Sessions' }).click();
    await page.getByRole('button', { name: /Watch the dashboard/ }).click();

    for (const agent of ['codex', 'gemini']) {
      const pane = page.getByRole('article', { name: `${agent} worker` });
      await expect(pane.locator('.status-chip')).toHaveText(/running/);
    }
    for (const agent of AGENTS) {
      const pane = page.getByRole('article', { name: `${agent} worker` });
      await expect(pane.locator('.status-chip')).toHaveText(/completed/, { timeout: 60_000 });
      await expect(
        pane.getByRole('list', { name: 'Recent activity' }).getByText(/^▲ Milestone: /),
      ).toBeVisible();
    }
    await expect(page.locator('.session-header').getByTitle('Session status')).toHaveText(/completed/);

    // Everything went to the dashboard's own origin, the event stream included, and nothing was kept in a cookie.
    const origin = new URL(server.url).origin;
    expect(dashboard.requests.every((url) => url.startsWith(`${origin}/`))).toBe(true);
    expect(dashboard.requests.some((url) => url.startsWith(`${origin}/api/events/stream?`))).toBe(true);
    expect(await page.context().cookies()).toEqual([]);
    expect(dashboard.consoleErrors).toEqual([]);
  } finally {
    await closeDashboard(dashboard);
  }
});

test('a worker waiting after HTTP 500 shows "server error, retrying" with its plan, then the 500 as why it failed', async ({
  scratch,
}) => {
  test.setTimeout(180_000);
  let dashboard: Dashboard | undefined;
  try {
    // One recovery after a 20 s wait: long enough to see the waiting state in the page.
    dashboard = await openDashboard(scratch, { gemini: 'server-error' }, undefined, {
      limits: { maxRecoveries: 1, maxBackoffSec: 20 },
    });
    const { server, page } = dashboard;
    await startSession(server, scratch.makeRepo(), 'Meet a failing API');
    await page.goto(server.dashboardUrl!);
    await page.getByRole('navigation').getByRole('button', { name: 'Sessions' }).click();
    await page.getByRole('button', { name: /Meet a failing API/ }).click();
    const pane = page.getByRole('article', { name: 'gemini worker' });

    await expect(pane.locator('.status-chip')).toHaveText(/server error, retrying/, { timeout: 60_000 });
    await expect(pane.locator('.status-chip')).not.toHaveText(/rate limited/);
    await expect(pane.locator('.last-activity')).toHaveText(
      /server error, retrying: retry 1 of 1 in 20 s, in a fresh session: the Gemini API/,
    );

    await expect(pane.locator('.status-chip')).toHaveText(/failed/, { timeout: 90_000 });
    // The pane's line says why, in full in its tooltip: the 500, not the resume gemini could not do.
    await expect(pane.locator('.last-activity')).toHaveAttribute(
      'title',
      /^✕ failed: the Gemini API failed on its side: \[API Error: .*"code":500.*\] \(1 recovery did not help\)$/,
    );
  } finally {
    await closeDashboard(dashboard);
  }
});

test('the dashboard stops a session from the browser', async ({ scratch }) => {
  let dashboard: Dashboard | undefined;
  try {
    dashboard = await openDashboard(scratch, { codex: 'hang', gemini: 'hang' });
    const { server, page } = dashboard;
    const sessionId = await startSession(server, scratch.makeRepo(), 'Wait to be stopped');
    await page.goto(server.dashboardUrl!);
    await page.getByRole('navigation').getByRole('button', { name: 'Sessions' }).click();
    await page.getByRole('button', { name: /Wait to be stopped/ }).click();
    const chip = (agent: string) =>
      page.getByRole('article', { name: `${agent} worker` }).locator('.status-chip');
    for (const agent of ['codex', 'gemini']) await expect(chip(agent)).toHaveText(/running/);

    await page.locator('.session-header').getByRole('button', { name: /^Stop/ }).click();

    for (const agent of ['codex', 'gemini']) await expect(chip(agent)).toHaveText(/stopped/);
    await expect(page.locator('.session-header').getByTitle('Session status')).toHaveText(/stopped/);
    const state = await fetch(`${server.url}/api/session?session=${sessionId}`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(((await state.json()) as { status: string }).status).toBe('stopped');
  } finally {
    await closeDashboard(dashboard);
  }
});

test('without the token in the address the page gets nothing from the API', async ({ scratch }) => {
  let dashboard: Dashboard | undefined;
  try {
    dashboard = await openDashboard(scratch);
    const { server, page } = dashboard;
    await page.goto(`${server.url}/`);
    await expect(page.getByRole('alert')).toBeVisible();
    expect(dashboard.requests.filter((url) => url.includes('/api/'))).toEqual([]);
    const status = await page.evaluate(async () => (await fetch('/api/sessions')).status);
    expect(status).toBe(401);
  } finally {
    await closeDashboard(dashboard);
  }
});

test('the dashboard answers the worker a decision names, and that worker only', async ({ scratch }) => {
  test.setTimeout(150_000);
  let dashboard: Dashboard | undefined;
  try {
    dashboard = await openDashboard(scratch, {}, 'concern');
    const { server, page } = dashboard;
    const sessionId = await startSession(server, scratch.makeRepo(), 'Ask the person');
    await page.goto(server.dashboardUrl!);
    await page.getByRole('navigation').getByRole('button', { name: 'Sessions' }).click();
    await page.getByRole('button', { name: /Ask the person/ }).click();

    const card = page.getByRole('dialog', { name: 'Needs you' }).getByRole('article', { name: /^gemini — / });
    await expect(card).toBeVisible({ timeout: 60_000 });
    const answer = 'Name the changelog entry after the task (answered for gemini)';
    await card.getByLabel('Your answer to gemini').fill(answer);
    await card.getByRole('button', { name: 'Send answer to gemini' }).click();
    await expect(card).toHaveCount(0);

    // The session's own log: gemini, and no other worker, was relaunched with the answer.
    const logged = () =>
      readFileSync(join(scratch.workspace, sessionId, 'events.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('"worker_started"') && line.includes('answered for gemini'))
        .map((line) => (JSON.parse(line) as { workerId: string }).workerId);
    await expect.poll(logged).toEqual(['gemini']);
    expect(dashboard.consoleErrors).toEqual([]);
  } finally {
    await closeDashboard(dashboard);
  }
});
