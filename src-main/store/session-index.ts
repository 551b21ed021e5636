import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionState, SessionSummary } from '../../src-shared/models';

export interface StoredSession {
  state: SessionState;
  summary: SessionSummary | null;
  folder: string;
}

function readJsonFile<T>(path: string, parse: (v: unknown) => T): T | null {
  if (!existsSync(path)) return null;
  try {
    return parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null;
  }
}

/** A stored session by id, or null when the folder has no readable session.json. */
export function loadSession(workspace: string, sessionId: string): StoredSession | null {
  if (sessionId.includes('/') || sessionId.includes('\\') || sessionId.startsWith('.')) return null;
  const folder = join(workspace, sessionId);
  const state = readJsonFile(join(folder, 'session.json'), (v) => SessionState.parse(v));
  if (!state) return null;
  const summary = readJsonFile(join(folder, 'summary.json'), (v) => SessionSummary.parse(v));
  return { state, summary, folder };
}

/** Every readable session of a workspace, newest first. */
export function listSessions(workspace: string): StoredSession[] {
  if (!existsSync(workspace)) return [];
  return readdirSync(workspace, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => loadSession(workspace, d.name))
    .filter((s): s is StoredSession => s !== null)
    .sort((a, b) => b.state.startedAt.localeCompare(a.state.startedAt));
}
