import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';

export interface DashboardFiles {
  root: string;
  /** The renderer's own Content-Security-Policy, sent as a header with every answer. */
  csp: string;
}

/**
 * The built renderer (out/renderer, from `electron-vite build`). Found by walking up from this module
 * because it runs both from source (tsx) and bundled (out/main); ORCHESTRATOR_RENDERER points elsewhere.
 */
export function findRendererDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ORCHESTRATOR_RENDERER) {
    return existsSync(join(env.ORCHESTRATOR_RENDERER, 'index.html'))
      ? resolve(env.ORCHESTRATOR_RENDERER)
      : null;
  }
  let dir = import.meta.dirname;
  for (;;) {
    const candidate = join(dir, 'out', 'renderer');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

const ENTITIES: Record<string, string> = {
  '&#39;': "'",
  '&quot;': '"',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
};

/**
 * The policy is read from the meta tag the build put into index.html — made by the same module the
 * desktop app sends as its header — so the browser dashboard cannot drift from the app. frame-ancestors,
 * which a meta tag cannot carry, is added: no page may frame the dashboard.
 */
export function loadDashboard(root: string): DashboardFiles {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  if (!match) throw new Error(`${root}/index.html has no Content-Security-Policy: rebuild the renderer`);
  const policy = match[1]!.replace(/&#39;|&quot;|&amp;|&lt;|&gt;/g, (entity) => ENTITIES[entity]!);
  return { root, csp: `${policy}; frame-ancestors 'none'` };
}

/** Static files of the built renderer; index.html for `/`. Paths with `..` or encoded tricks are refused. */
export const dashboardMiddleware = (files: DashboardFiles): MiddlewareHandler =>
  serveStatic({ root: files.root, index: 'index.html' });
