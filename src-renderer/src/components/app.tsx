import { goNewTask, goSessions, goSettings, toggleTheme } from '../commands/navigate';
import { useShortcuts } from '../hooks/use-shortcuts';
import { useApp, useAppStore } from '../store/context';
import { CommandButton } from './command-button';
import { ConfigBanner } from './config-banner';
import { NewTask } from './new-task';
import { SessionScreen } from './session-screen';
import { SessionsList } from './sessions-list';
import { SettingsPage } from './settings-page';

export function App() {
  const store = useAppStore();
  const screen = useApp((s) => s.screen);
  const notice = useApp((s) => s.notice);
  useShortcuts(store);
  return (
    <div className="app">
      <nav className="top-bar" aria-label="Main">
        <span className="app-name">Orchestrator</span>
        <CommandButton command={goNewTask} current={screen === 'new'} />
        <CommandButton command={goSessions} current={screen === 'sessions'} />
        <CommandButton command={goSettings} current={screen === 'settings'} />
        <span className="spacer" />
        <p className="notice" role="status" aria-live="polite">
          {notice}
        </p>
        <CommandButton command={toggleTheme} compact />
      </nav>
      <ConfigBanner />
      <main>
        {screen === 'new' ? <NewTask /> : null}
        {screen === 'sessions' ? <SessionsList /> : null}
        {screen === 'session' ? <SessionScreen /> : null}
        {screen === 'settings' ? <SettingsPage /> : null}
      </main>
    </div>
  );
}
