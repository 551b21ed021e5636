import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { metaContentSecurityPolicy } from './src-main/electron/content-security-policy';

const root = import.meta.dirname;

/** index.html gets its CSP meta tag from the same module main uses for the header, so the two cannot drift. */
function cspMetaTag(): Plugin {
  let dev = false;
  return {
    name: 'orchestrator:csp-meta',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml() {
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy({ dev }) },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      lib: { entry: resolve(root, 'src-main/index.ts'), formats: ['es'], fileName: () => 'index.js' },
      // Dependencies (execa 9 and other ESM-only ones included) are bundled: out/main then needs no
      // node_modules at run time, and no ESM/CommonJS interop decides whether the app starts.
      externalizeDeps: false,
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      lib: { entry: resolve(root, 'src-preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
      // A sandboxed preload can require only 'electron' and a few builtins: everything else is inlined.
      externalizeDeps: false,
      rolldownOptions: { output: { codeSplitting: false } },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react(), cspMetaTag()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
