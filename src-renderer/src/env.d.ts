import type { OrchestratorApi } from '../../src-shared/ipc/contract';

declare global {
  interface Window {
    /** Exposed by the preload; absent when the page runs outside the app (then a later HTTP client applies). */
    readonly orchestrator?: OrchestratorApi;
  }
}

declare module '*.css';
