import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveRendererFile } from './renderer-files';

const outside = mkdtempSync(join(tmpdir(), 'renderer-files-'));
const root = join(outside, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'app.js'), 'export {}');
writeFileSync(join(outside, 'secret.txt'), 'secret');
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const CSP = "default-src 'none'";

describe('serveRendererFile', () => {
  it('serves the page with its type and the CSP as a header', async () => {
    const response = await serveRendererFile(root, 'app://orchestrator/index.html', CSP);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(await response.text()).toBe('<!doctype html>');
  });

  it('serves module scripts as JavaScript', async () => {
    const response = await serveRendererFile(root, 'app://orchestrator/assets/app.js', CSP);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it.each([
    'app://orchestrator/../secret.txt',
    'app://orchestrator/%2e%2e/secret.txt',
    'app://orchestrator/assets/..%2f..%2fsecret.txt',
    'app://other/index.html',
    'app://orchestrator/missing.js',
  ])('answers 404 for %s', async (url) => {
    expect((await serveRendererFile(root, url, CSP)).status).toBe(404);
  });
});
