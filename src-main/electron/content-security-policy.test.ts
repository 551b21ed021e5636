import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, metaContentSecurityPolicy } from './content-security-policy';

/** A policy string as directive → sources. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('the built app’s Content-Security-Policy', () => {
  const policy = parse(contentSecurityPolicy({ dev: false }));

  it('denies everything by default and allows only the app’s own files', () => {
    expect(Object.fromEntries(policy)).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'object-src': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
  });

  it.each([
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "'wasm-unsafe-eval'",
    '*',
    'http:',
    'https:',
    'ws:',
    'blob:',
  ])('allows no %s anywhere', (source) => {
    for (const [name, sources] of policy) expect(sources, name).not.toContain(source);
  });

  it('leaves no frame, worker or manifest source to fall back to anything but default-src', () => {
    for (const name of ['frame-src', 'child-src', 'worker-src', 'manifest-src', 'media-src'])
      expect(policy.has(name), name).toBe(false);
  });

  it('is the meta tag’s policy too, less frame-ancestors (which a meta tag cannot carry)', () => {
    const meta = parse(metaContentSecurityPolicy({ dev: false }));
    expect(meta.has('frame-ancestors')).toBe(false);
    expect(Object.fromEntries(meta)).toEqual(
      Object.fromEntries([...policy].filter(([name]) => name !== 'frame-ancestors')),
    );
  });
});

describe('the dev server’s policy', () => {
  it('differs from the build’s only by inline code and the HMR socket', () => {
    const dev = parse(contentSecurityPolicy({ dev: true }));
    const built = parse(contentSecurityPolicy({ dev: false }));
    const changed = [...dev].filter(([name, sources]) => sources.join(' ') !== built.get(name)?.join(' '));
    expect(Object.fromEntries(changed)).toEqual({
      'script-src': ["'self'", "'unsafe-inline'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'connect-src': ["'self'", 'ws:'],
    });
    expect([...dev.keys()]).toEqual([...built.keys()]);
  });
});
