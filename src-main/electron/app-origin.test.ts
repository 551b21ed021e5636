import { describe, expect, it } from 'vitest';
import { APP_URL, isSameOrigin, isTrustedSender } from './app-origin';
import type { InvokeEventLike } from './ipc-server';

describe('isSameOrigin', () => {
  it.each([
    ['app://orchestrator/assets/app.js', true],
    ['app://orchestrator/', true],
    ['app://orchestrator.evil/index.html', false],
    ['app://evil.orchestrator/index.html', false],
    ['app://orchestrator:8080/index.html', false],
    ['http://orchestrator/index.html', false],
    ['file:///orchestrator/index.html', false],
    ['about:blank', false],
    ['data:text/html,<p>hi</p>', false],
    ['not a url', false],
  ])('%s against the app → %s', (url, same) => {
    expect(isSameOrigin(url, APP_URL)).toBe(same);
  });

  it('never matches an origin without a host, even itself', () => {
    expect(isSameOrigin('app:///index.html', 'app:///index.html')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const event = (frameUrl: string | null, contentsId = 3, parent = false): InvokeEventLike => ({
    sender: { id: contentsId, send() {}, isDestroyed: () => false },
    senderFrame:
      frameUrl === null ? null : { url: frameUrl, parent: parent ? { url: APP_URL, parent: null } : null },
  });

  it("trusts the main window's top frame at the app's page", () => {
    expect(isTrustedSender(event(APP_URL), 3, APP_URL)).toBe(true);
  });

  it.each([
    ['no main window (closed, or not open yet)', event(APP_URL), null],
    ['another web contents', event(APP_URL, 4), 3],
    ['a subframe of the main window', event(APP_URL, 3, true), 3],
    ['a frame that is gone', event(null), 3],
    ['the main window navigated elsewhere', event('https://example.com/'), 3],
    ['a look-alike host', event('app://orchestrator.evil/index.html'), 3],
  ] as const)('refuses %s', (_what, sender, mainId) => {
    expect(isTrustedSender(sender, mainId, APP_URL)).toBe(false);
  });
});
