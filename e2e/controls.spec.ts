import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './harness/fixtures';
import { processState } from './harness/proc';
import { screenshot } from './harness/screenshots';

// A live demo session, slowed down so a person (and this test) can act while it runs.
test('a live session: pause and resume act on the real process, stop, logs, diff, summary', async ({
  launch,
  scratch,
}) => {
  test.setTimeout(120_000);
  const app = await launch({
    pickDirectory: scratch.makeRepo(),
    env: { ORCHESTRATOR_DEMO_DELAY_MS: '900' },
  });
  const page = app.page;
  await page.setViewportSize({ width: 1400, height: 940 });

  await page.getByLabel('Task', { exact: true }).fill('Add a CONTRIBUTING guide');
  await page.getByRole('button', { name: 'Choose…' }).click();
  for (const agent of ['claude', 'codex', 'gemini'])
    await expect(page.locator(`[data-agent="${agent}"] .doctor-line`)).toHaveText(/not installed|found/);
  await expect(page.getByRole('switch', { name: /demo agents/i })).toBeChecked();
  await screenshot(page, 'new-task');
  await page.getByRole('button', { name: 'Start' }).click();

  const pane = (agent: string) => page.getByRole('article', { name: `${agent} worker` });
  for (const agent of ['claude', 'codex', 'gemini'])
    await expect(pane(agent).locator('.status-chip')).toHaveText(/running/);
  await expect(pane('claude').getByRole('list', { name: 'Recent activity' })).toContainText('✎');
  await screenshot(page, 'session-running');

  // Pause from the pane's button: the whole process group is suspended (state T).
  const pid = Number(await pane('claude').getAttribute('data-pid'));
  expect(pid).toBeGreaterThan(0);
  await pane('claude').getByRole('button', { name: 'Pause claude' }).click();
  await expect(pane('claude').locator('.status-chip')).toHaveText(/paused/);
  await expect.poll(() => processState(pid)).toBe('T');
  await expect(pane('claude').getByRole('button', { name: 'Pause claude' })).toHaveCount(0);

  // Resume from the keyboard: select the pane with its number, then R.
  await page.locator('main').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('1');
  await expect(pane('claude')).toBeFocused();
  await page.keyboard.press('r');
  await expect(pane('claude').locator('.status-chip')).toHaveText(/running|completed/);
  await expect.poll(() => processState(pid)).not.toBe('T');

  // A control that cannot run says why instead of doing nothing.
  const resume = pane('claude').getByRole('button', { name: /Pause claude|Resume claude/ });
  await expect(resume).toHaveAttribute('title', /\(P\)|\(R\)/);

  await pane('codex').getByRole('button', { name: 'Stop codex' }).click();
  await expect(pane('codex').locator('.status-chip')).toHaveText(/stopped/);
  await expect(pane('codex').getByRole('button', { name: 'Stop codex' })).toHaveAttribute(
    'aria-disabled',
    'true',
  );

  for (const agent of ['claude', 'gemini'])
    await expect(pane(agent).locator('.status-chip')).toHaveText(/completed/, { timeout: 60_000 });
  await expect(page.locator('.session-header').getByTitle('Session status')).toHaveText(/stopped/);

  const summary = page.getByRole('region', { name: /Summary/ });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('row', { name: /claude/ })).toContainText('completed');
  await expect(summary.getByRole('row', { name: /codex/ })).toContainText('stopped');
  await expect(summary.getByRole('row', { name: /claude/ })).toContainText('orchestrator/');
  await screenshot(page, 'summary');

  // The normalized log of claude: search finds a line, counts the matches and jumps to the first.
  await pane('claude').getByRole('button', { name: 'Log of claude' }).click();
  const logs = page.getByRole('region', { name: 'Logs' });
  await expect(logs.getByRole('tab', { name: 'claude' })).toHaveAttribute('aria-selected', 'true');
  await logs.getByRole('searchbox', { name: 'Search this log' }).fill('contributing');
  await expect(logs.locator('.match-count')).toHaveText(/^1 of \d+$/);
  await expect(logs.locator('.current-match')).toContainText(/contributing/i);
  await expect(logs.locator('.current-match mark').first()).toHaveText(/contributing/i);
  await logs.scrollIntoViewIfNeeded();
  await screenshot(page, 'log-tab');
  await logs.getByRole('combobox', { name: 'Filter by event type' }).selectOption('file_change');
  await expect(logs.getByRole('log', { name: 'Normalized log' })).toContainText('+ add CONTRIBUTING.md');
  await expect(logs.locator('.match-count')).toHaveText('1 of 1');

  // The raw output, exactly as printed (JSON lines here), page by page.
  await logs.getByRole('radio', { name: 'Raw' }).click();
  await expect(logs.getByRole('log', { name: 'Raw output' })).toContainText('"type"');

  // The diff shows the file the demo agent wrote in its worktree.
  await pane('claude').getByRole('button', { name: 'Diff of claude' }).click();
  await expect(logs.getByRole('list', { name: 'Changed files' })).toContainText('CONTRIBUTING.md');
  const changes = logs.getByRole('region', { name: 'Changes in CONTRIBUTING.md' });
  await expect(changes).toContainText('Written by the Claude demo agent');
  await expect(changes.locator('.diff-code-insert').first()).toBeVisible();
  await logs.scrollIntoViewIfNeeded();
  await screenshot(page, 'diff-view');

  expect(app.contractViolations).toEqual([]);
});

test('a stopped session can be resumed from the sessions list', async ({ launch, scratch }) => {
  const app = await launch({
    pickDirectory: scratch.makeRepo(),
    env: { ORCHESTRATOR_DEMO_DELAY_MS: '1500' },
  });
  const page = app.page;
  await page.getByLabel('Task', { exact: true }).fill('Never finish');
  await page.getByRole('button', { name: 'Choose…' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('article', { name: 'claude worker' }).locator('.status-chip')).toHaveText(
    /running/,
  );
  await page.keyboard.press('Shift+X');
  await expect(page.locator('.session-header').getByTitle('Session status')).toHaveText(/stopped/, {
    timeout: 30_000,
  });

  await page.keyboard.press('Alt+S');
  const row = page.locator('.session-item').first();
  await expect(row).toContainText('stopped');
  await row.getByRole('button', { name: /Resume/ }).click();
  await expect(page.locator('.session-header').getByTitle('Session status')).toHaveText(/running/);
  await expect(page.getByRole('article', { name: 'claude worker' }).locator('.status-chip')).toHaveText(
    /running|starting/,
  );
  await page.keyboard.press('Alt+S');
  await expect(page.locator('.session-item').first()).toContainText('running');
});

/**
 * The review engine's events, fed to the real renderer as the app delivers them (synthetic, until demo
 * sessions produce them), to see the reviews panel, the recovery log and the decision dialog for real.
 */
test('reviews, decisions and recoveries render from their events', async ({ launch, scratch }) => {
  const app = await launch({
    pickDirectory: scratch.makeRepo(),
    env: { ORCHESTRATOR_DEMO_DELAY_MS: '1500' },
  });
  const page = app.page;
  await page.setViewportSize({ width: 1400, height: 940 });
  await page.getByLabel('Task', { exact: true }).fill('Add rate limiting to the API');
  await page.getByRole('button', { name: 'Choose…' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('article', { name: 'claude worker' }).locator('.status-chip')).toHaveText(
    /running/,
  );
  const sessionId = scratch.sessionFolders()[0]!;
  const at = new Date().toISOString();
  // Far above the live log's seqs, so none of these collides with a real event.
  let seq = 1_000_000;
  const event = (type: string, payload: unknown, workerId?: string) => ({
    seq: seq++,
    ts: at,
    sessionId,
    type,
    payload,
    ...(workerId ? { workerId } : {}),
  });
  const review = (
    id: string,
    reviewer: string,
    verdict: string,
    summary: string,
    findings: unknown[] = [],
  ) => ({
    id,
    requestId: 'q1',
    reviewer,
    target: 'claude',
    verdict,
    summary,
    findings,
    reviewerError: false,
    diffRange: null,
    at,
  });
  const events = [
    event('review_requested', {
      request: {
        id: 'q1',
        target: 'claude',
        reviewers: ['codex', 'gemini'],
        trigger: 'milestone',
        diffRange: null,
        requestedAt: at,
      },
    }),
    event('review_verdict', { review: review('r1', 'codex', 'approve', 'clean, tested') }),
    event('review_verdict', {
      review: review('r2', 'gemini', 'blocker', 'limits are per process, not per client', [
        {
          severity: 'high',
          file: 'src/limiter.ts',
          line: 12,
          message: 'a Map per process: two instances double the limit',
          suggestion: 'keep the counters in redis',
        },
      ]),
    }),
    event('decision', {
      action: 'PAUSE_AND_CLARIFY',
      reason: 'a blocker on claude: should limits hold across instances?',
      rule: 'blocker_needs_person',
      target: 'claude',
      reviewIds: ['r1', 'r2'],
      ruleText: '1 of 2 reviewers found a blocker',
      question: 'Should limits hold across instances?',
      verdicts: [
        { reviewer: 'codex', verdict: 'approve', summary: 'clean, tested' },
        { reviewer: 'gemini', verdict: 'blocker', summary: 'limits are per process, not per client' },
      ],
      findings: [
        {
          severity: 'high',
          file: 'src/limiter.ts',
          line: 12,
          message: 'a Map per process: two instances double the limit',
          suggestion: 'keep the counters in redis',
        },
      ],
    }),
    event(
      'recovery_action',
      {
        action: {
          kind: 'backoff',
          errorId: 'gemini.rate_limit',
          reason: '429 Too Many Requests',
          addArgs: [],
          removeArgs: [],
          env: {},
          delayMs: 30_000,
          attempt: 2,
          resume: true,
          before: ['gemini', '-o', 'stream-json', '-p', 'task'],
          after: ['gemini', '-o', 'stream-json', '--resume', 'latest', '-p', 'task'],
        },
      },
      'gemini',
    ),
  ];
  await page.evaluate(
    (payload) =>
      (globalThis as unknown as { __e2eEmit(c: string, p: unknown): void }).__e2eEmit(
        'session:events',
        payload,
      ),
    // As main sends a batch (SessionEventsWire): the events as one JSON text.
    { sessionId, lastSeq: events.at(-1)!.seq, eventsJson: JSON.stringify(events) },
  );

  const dialog = page.getByRole('dialog', { name: 'Needs you' });
  await expect(dialog.getByRole('heading', { level: 3 })).toHaveText(
    'claude — 1 of 2 reviewers found a blocker',
  );
  await expect(dialog).toContainText('blocker_needs_person');
  await expect(dialog).toContainText('src/limiter.ts:12');
  await screenshot(page, 'decision-dialog');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  const panel = page.getByRole('region', { name: 'Reviews & decisions' });
  await expect(panel).toContainText('codex→claude');
  await expect(panel).toContainText('Needs your answer');
  await expect(panel).toContainText('PAUSE_AND_CLARIFY');
  await expect(page.getByRole('region', { name: 'Recovery' })).toContainText('429 Too Many Requests');
  await page.getByRole('region', { name: 'Recovery' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'reviews-and-recovery');
  await page.keyboard.press('Alt+T');
  await page.keyboard.press('Alt+T');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'dark-theme');
});

test('settings check the config against the schema and save it atomically', async ({ launch, scratch }) => {
  const app = await launch();
  const page = app.page;
  const editor = page.getByLabel(/^Config/);
  // The first key may come before React has attached the window's shortcuts: press until it lands.
  await expect(async () => {
    await page.keyboard.press('Control+,');
    await expect(editor).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(editor).toHaveValue(/"maxRecoveries": 3/);
  await editor.fill('{\n  "limits": { "cpuPercent": 400 },\n  "worktrees": "yes"\n}\n');
  await page.keyboard.press('Control+s');
  const issues = page.getByRole('alert', { name: 'Problems in the config' });
  await expect(issues).toContainText('limits.cpuPercent (line 2)');
  await expect(issues).toContainText('worktrees (line 3)');
  await issues.getByRole('button', { name: /limits\.cpuPercent/ }).click();
  expect(
    await editor.evaluate((el) => {
      const area = el as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return area.value.slice(area.selectionStart, area.selectionEnd);
    }),
  ).toBe('400');
  await screenshot(page, 'settings');
  expect(existsSync(join(scratch.appData, 'Orchestrator', 'config.json'))).toBe(false);

  await editor.fill('{ "limits": { "cpuPercent": 40 } }');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved to' })).toBeVisible();
  const saved = JSON.parse(readFileSync(join(scratch.appData, 'Orchestrator', 'config.json'), 'utf8'));
  expect(saved).toEqual({ limits: { cpuPercent: 40 } });
});
