import { describe, expect, it } from 'vitest';
import { allowedHostHeaders, hostForUrl, isLoopbackHost, isSameOrigin } from './hosts';

describe('hosts', () => {
  it('tells loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.8.9.1', 'localhost', 'LOCALHOST', '::1', '[::1]']) {
      expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'example.com', '127.0.0.1.example.com']) {
      expect([host, isLoopbackHost(host)]).toEqual([host, false]);
    }
  });

  it('accepts the loopback names and the configured address as Host, with the port', () => {
    const loopback = allowedHostHeaders('127.0.0.1', 8765);
    expect([...loopback].sort()).toEqual(['127.0.0.1:8765', '[::1]:8765', 'localhost:8765']);
    expect(allowedHostHeaders('192.168.1.5', 8765).has('192.168.1.5:8765')).toBe(true);
    expect(allowedHostHeaders('::', 8765).has('[::]:8765')).toBe(true);
    expect(allowedHostHeaders('127.0.0.1', 80).has('localhost')).toBe(true);
    expect(loopback.has('localhost')).toBe(false);
    expect(hostForUrl('::1')).toBe('[::1]');
  });

  it('allows only the same origin', () => {
    expect(isSameOrigin('http://127.0.0.1:8765', '127.0.0.1:8765')).toBe(true);
    expect(isSameOrigin('http://LOCALHOST:8765', 'localhost:8765')).toBe(true);
    expect(isSameOrigin('http://localhost:8765', '127.0.0.1:8765')).toBe(false);
    expect(isSameOrigin('https://127.0.0.1:8765', '127.0.0.1:8765')).toBe(false);
    expect(isSameOrigin('null', '127.0.0.1:8765')).toBe(false);
  });
});
