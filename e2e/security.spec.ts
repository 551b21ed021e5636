import { readFileSync } from 'node:fs';
import type { Frame } from '@playwright/test';
import {
  contentSecurityPolicy,
  metaContentSecurityPolicy,
} from '../src-main/electron/content-security-policy';
import { COMMAND_NAMES } from '../src-shared/ipc/channels';
import { expect, test } from './harness/fixtures';

// The hardening as the built app wires it: the real main bundle (Electron doubled) decides, the real preload
// and renderer run in Chromium. The handlers' logic itself is unit-tested in src-main/electron/*.test.ts.

/** The little of the DOM these tests touch (the e2e project compiles without the DOM library). */
interface DomNode {
  textContent: string | null;
  setAttribute(name: string, value: string): void;
  append(child: DomNode): void;
  click(): void;
  remove(): void;
}
interface Doc {
  head: DomNode;
  body: DomNode;
  createElement(tag: string): DomNode;
  addEventListener(
    type: 'securitypolicyviolation',
    listener: (event: { effectiveDirective: string }) => void,
  ): void;
}

type Invoke = (channel: string, input: unknown) => Promise<{ ok: boolean; error?: { code: string } }>;
/** Calls main the way ipcRenderer.invoke would from `frame`: the harness reports that frame's URL and depth. */
const invokeFrom = (frame: Frame, channel: string) =>
  frame.evaluate(
    (c) => (globalThis as unknown as { __e2eInvoke: Invoke }).__e2eInvoke(c, undefined),
    channel,
  );

test('the window is opened sandboxed and isolated, with the built preload, in the default session', async ({
  launch,
}) => {
  const app = await launch();
  const window = await app.window();
  expect(window.webPreferences).toMatchObject({
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    navigateOnDragDrop: false,
  });
  for (const key of [
    'partition',
    'session',
    'nodeIntegrationInWorker',
    'enableBlinkFeatures',
    'experimentalFeatures',
  ])
    expect(window.webPreferences, key).not.toHaveProperty(key);

  // A sandboxed preload can require nothing but electron: the bundle asks for nothing else.
  expect(window.preload).toMatch(/[/\\]out[/\\]preload[/\\]index\.cjs$/);
  const preload = readFileSync(window.preload!, 'utf8');
  const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  expect(new Set(required)).toEqual(new Set(['electron']));
});

test('every response carries the strict CSP, and Chromium enforces it', async ({ launch }) => {
  const app = await launch();
  const page = app.page;
  const strict = contentSecurityPolicy({ dev: false });

  // Each policy a response delivers is enforced: exactly one, the strict one, must arrive (a second copy from
  // the session's header hook next to the app:// handler's would be a sign the two disagree on header case).
  const policies = (header: string | undefined) => header?.split(',').map((policy) => policy.trim());
  const response = await page.reload();
  expect(policies(response?.headers()['content-security-policy'])).toEqual([strict]);
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  const script = await page.locator('script[src]').first().getAttribute('src');
  const asset = await page.request.get(new URL(script!, page.url()).href);
  expect(policies(asset.headers()['content-security-policy'])).toEqual([strict]);
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    metaContentSecurityPolicy({ dev: false }),
  );

  const otherOrigin = `http://127.0.0.1:${Number(new URL(page.url()).port) === 65000 ? 65001 : 65000}/`;
  const outcome = await page.evaluate(async (elsewhere) => {
    const g = globalThis as unknown as Record<string, unknown> & { document: Doc };
    const document = g.document;
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    const inline = document.createElement('script');
    inline.textContent = 'globalThis.__inlineRan = true';
    document.head.append(inline);
    const button = document.createElement('button');
    button.setAttribute('onclick', 'globalThis.__handlerRan = true');
    document.body.append(button);
    button.click();
    button.remove();
    // Refused by connect-src before any connection is made (and it is loopback anyway).
    const fetched = await fetch(elsewhere).then(
      () => 'fetched',
      (error: Error) => error.name,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    return {
      inlineRan: g.__inlineRan === true,
      handlerRan: g.__handlerRan === true,
      fetched,
      violations: [...new Set(violations)].sort(),
    };
  }, otherOrigin);
  expect(outcome).toMatchObject({ inlineRan: false, handlerRan: false, fetched: 'TypeError' });
  expect(outcome.violations).toEqual(
    expect.arrayContaining(['connect-src', 'script-src-attr', 'script-src-elem']),
  );
});

test('main answers only the top frame of the app page', async ({ launch }) => {
  const app = await launch();
  const page = app.page;
  expect(await invokeFrom(page.mainFrame(), 'sessions:list')).toMatchObject({ ok: true });

  // A frame inside the app page (it has no window.orchestrator; a compromised one could still try).
  await page.evaluate(() => {
    const { document } = globalThis as unknown as { document: Doc };
    document.body.append(document.createElement('iframe'));
  });
  const child = page.frames().find((frame) => frame.parentFrame() === page.mainFrame());
  expect(child).toBeDefined();
  expect(await invokeFrom(child!, 'sessions:list')).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });
  expect(await invokeFrom(child!, 'app:pickRepository')).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });

  // The window's top frame at another page.
  await page.goto('about:blank');
  expect(await invokeFrom(page.mainFrame(), 'sessions:list')).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });
});

test("the page gets exactly the contract's commands and onEvents, and no Electron", async ({ launch }) => {
  const app = await launch();
  const surface = await app.page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>;
    const paths = (value: unknown, path: string[]): string[] =>
      typeof value === 'function'
        ? [path.join('.')]
        : value !== null && typeof value === 'object'
          ? Object.keys(value).flatMap((key) =>
              paths((value as Record<string, unknown>)[key], [...path, key]),
            )
          : [`${path.join('.')}: ${typeof value}`];
    return {
      api: paths(g.orchestrator, []).sort(),
      globals: ['require', 'process', 'module', 'Buffer', 'ipcRenderer', 'electron', 'global'].filter(
        (name) => name in g,
      ),
    };
  });
  expect(surface.api).toEqual([...COMMAND_NAMES.map((name) => name.replace(':', '.')), 'onEvents'].sort());
  expect(surface.globals).toEqual([]);
});
