import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ConfigIssue } from '../../../src-shared/ipc/contract';
import { useClient } from '../client/context';
import { NOT_IN_THIS_CLIENT } from '../client/orchestrator-client';
import { shortcut } from '../commands/shortcut';
import { lineOf, locateJsonPath } from '../settings/locate-json-path';
import { useApp } from '../store/context';
import type { Theme } from '../store/types';
import { messageOf } from '../store/types';

const SAVE = shortcut('Mod+S');
const THEMES: { theme: Theme; label: string }[] = [
  { theme: 'system', label: 'As the system' },
  { theme: 'light', label: 'Light' },
  { theme: 'dark', label: 'Dark' },
];

type Loaded =
  | { status: 'loading' }
  | { status: 'ready'; path: string; exists: boolean }
  | { status: 'error'; message: string };

const fieldName = (issue: ConfigIssue): string =>
  issue.path.length > 0 ? issue.path.join('.') : 'whole file';

/** The app's config as JSON, checked by the same schema main uses; each problem points at its field. */
export function SettingsPage() {
  const client = useClient();
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<ConfigIssue[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);
  const get = client.getConfig;
  const save = client.saveConfig;

  useEffect(() => {
    if (!get) return;
    let current = true;
    get()
      .then((document) => {
        if (!current) return;
        setText(document.text);
        setIssues(document.issues);
        setLoaded({ status: 'ready', path: document.path, exists: document.exists });
      })
      .catch((error: unknown) => current && setLoaded({ status: 'error', message: messageOf(error) }));
    return () => {
      current = false;
    };
  }, [get]);

  const submit = async (): Promise<void> => {
    if (!save || busy) return;
    setBusy(true);
    setSaved(null);
    try {
      const result = await save(text);
      if (result.saved) {
        setIssues([]);
        setSaved(result.path);
      } else setIssues(result.issues);
    } catch (error) {
      setIssues([{ path: [], message: messageOf(error) }]);
    } finally {
      setBusy(false);
    }
  };

  const show = (issue: ConfigIssue): void => {
    const span = locateJsonPath(text, issue.path);
    const area = editor.current;
    if (!area) return;
    area.focus();
    if (span) area.setSelectionRange(span.start, span.end);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (SAVE.test(event)) {
      event.preventDefault();
      void submit();
    }
  };

  if (!get || !save) return <p className="empty">Settings are {NOT_IN_THIS_CLIENT}.</p>;
  return (
    <section className="settings" aria-label="Settings" onKeyDown={onKeyDown}>
      <h1>Settings</h1>
      <fieldset className="field theme-choice">
        <legend className="field-label">Theme (Alt+T switches)</legend>
        {THEMES.map((option) => (
          <label key={option.theme}>
            <input
              type="radio"
              name="theme"
              checked={theme === option.theme}
              onChange={() => setTheme(option.theme)}
            />{' '}
            {option.label}
          </label>
        ))}
      </fieldset>
      {loaded.status === 'loading' ? <p className="empty">Reading the config…</p> : null}
      {loaded.status === 'error' ? (
        <p className="field-error" role="alert">
          Could not read the config: {loaded.message}
        </p>
      ) : null}
      {loaded.status === 'ready' ? (
        <div className="field">
          <label className="field-label" htmlFor="config-editor">
            Config <code className="muted">{loaded.path}</code>
          </label>
          <p className="hint">
            {loaded.exists ? '' : 'No config file yet: these are the defaults. '}Agents (command, args, env,
            model, enabled), review triggers, limits and worktrees. Sessions started after the next app start
            use what you save.
          </p>
          <textarea
            id="config-editor"
            ref={editor}
            className="config-editor"
            spellCheck={false}
            rows={22}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setSaved(null);
            }}
            aria-invalid={issues.length > 0}
            aria-describedby={issues.length > 0 ? 'config-issues' : undefined}
          />
          {issues.length > 0 ? (
            <ul id="config-issues" className="config-issues" role="alert" aria-label="Problems in the config">
              {issues.map((issue, i) => {
                const span = locateJsonPath(text, issue.path);
                return (
                  <li key={i}>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => show(issue)}
                      title="Select this field in the editor"
                    >
                      <code>{fieldName(issue)}</code>
                      {span ? ` (line ${lineOf(text, span.start)})` : ''}
                    </button>
                    : {issue.message}
                  </li>
                );
              })}
            </ul>
          ) : null}
          {saved ? (
            <p className="saved" role="status">
              Saved to {saved}. It applies to the next session you start; running ones keep theirs.
            </p>
          ) : null}
          <div className="actions">
            <button
              type="button"
              className="primary"
              aria-disabled={busy}
              onClick={() => void submit()}
              title={`Check and save (${SAVE.label})`}
              aria-keyshortcuts={SAVE.aria}
            >
              {busy ? 'Saving…' : 'Save'}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
