import type { OrchestratorClient } from '../client/orchestrator-client';
import { useApp } from '../store/context';
import { NewTask } from './new-task';
import { SessionScreen } from './session-screen';
import { SessionsList } from './sessions-list';

export function App({ client }: { client: OrchestratorClient }) {
  const screen = useApp((s) => s.screen);
  const showNewTask = useApp((s) => s.showNewTask);
  const showSessions = useApp((s) => s.showSessions);
  return (
    <div className="app">
      <nav className="top-bar" aria-label="Main">
        <span className="app-name">Orchestrator</span>
        <button type="button" onClick={showNewTask} aria-current={screen === 'new' ? 'page' : undefined}>
          New task
        </button>
        <button
          type="button"
          onClick={showSessions}
          aria-current={screen === 'sessions' ? 'page' : undefined}
        >
          Sessions
        </button>
      </nav>
      <main>
        {screen === 'new' ? <NewTask client={client} /> : null}
        {screen === 'sessions' ? <SessionsList /> : null}
        {screen === 'session' ? <SessionScreen /> : null}
      </main>
    </div>
  );
}
