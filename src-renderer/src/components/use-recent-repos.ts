import { useEffect, useMemo } from 'react';
import { useApp } from '../store/context';

/** How many recent repositories the task form offers. */
const RECENT_REPOS = 10;

/** The repositories of the stored sessions, newest first and each once: the task form's suggestions. */
export function useRecentRepos(): string[] {
  const sessions = useApp((s) => s.sessions);
  const refreshSessions = useApp((s) => s.refreshSessions);
  useEffect(() => {
    void refreshSessions();
  }, [refreshSessions]);
  return useMemo(() => [...new Set(sessions.map((s) => s.repo))].slice(0, RECENT_REPOS), [sessions]);
}
