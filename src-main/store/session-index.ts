import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
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

interface CachedState {
  ino: number;
  mtimeMs: number;
  size: number;
  state: SessionState | null;
}

/** session.json files already read, by path: their identity when read, and the state (null: unreadable). */
const stateCache = new Map<string, CachedState>();

/**
 * The state of every readable session of a workspace, newest first — what a session list shows. A
 * session.json that has not changed since it was last read (same inode, mtime and size: it is only ever
 * replaced by an atomic rename) is not read and validated again, so the app's list, refreshed every
 * 2 seconds, costs a stat per session instead of a read and a parse.
 */
export function listSessionStates(workspace: string): SessionState[] {
  if (!existsSync(workspace)) return [];
  const states: SessionState[] = [];
  const seen = new Set<string>();
  for (const entry of readdirSync(workspace, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(workspace, entry.name, 'session.json');
    let stats;
    try {
      stats = statSync(path);
    } catch {
      continue;
    }
    seen.add(path);
    let cached = stateCache.get(path);
    if (
      !cached ||
      cached.ino !== stats.ino ||
      cached.mtimeMs !== stats.mtimeMs ||
      cached.size !== stats.size
    ) {
      const state = readJsonFile(path, (v) => SessionState.parse(v));
      cached = { ino: stats.ino, mtimeMs: stats.mtimeMs, size: stats.size, state };
      stateCache.set(path, cached);
    }
    if (cached.state) states.push(cached.state);
  }
  const prefix = join(workspace, sep);
  for (const path of stateCache.keys())
    if (path.startsWith(prefix) && !seen.has(path)) stateCache.delete(path);
  return states.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
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
