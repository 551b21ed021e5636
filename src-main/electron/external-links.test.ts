import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './external-links';

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://github.com/owner/repo', true],
    ['https://docs.anthropic.com/en/docs/claude-code', true],
    ['http://github.com/', false],
    ['https://github.com.evil.example/', false],
    ['https://user:pw@github.com/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['https://api.github.com/repos', true],
    ['https://GitHub.com/owner/repo', true],
    ['https://evilgithub.com/', false],
    ['https://github.com:8443/', false],
    ['https://github.com@evil.example/', false],
    ['https://user@github.com/', false],
    ['https://example.com/?next=https://github.com/', false],
    ['app://orchestrator/index.html', false],
    ['data:text/html,<p>hi</p>', false],
    ['https://', false],
    ['', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });
});
