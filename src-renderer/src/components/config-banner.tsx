import { useEffect, useState } from 'react';
import type { ConfigDocument } from '../../../src-shared/ipc/contract';
import { useClient } from '../client/context';
import { useApp } from '../store/context';
import './config-banner.css';

const fieldName = (path: ConfigDocument['issues'][number]['path']): string =>
  path.length > 0 ? path.join('.') : 'whole file';

/**
 * Said at start, and on every screen until it is fixed: the config file is not valid, so the app runs on
 * the defaults — with each problem at its field and the way to Settings. Never a silent fallback.
 */
export function ConfigBanner() {
  const client = useClient();
  const screen = useApp((s) => s.screen);
  const showSettings = useApp((s) => s.showSettings);
  const [document, setDocument] = useState<ConfigDocument | null>(null);
  const get = client.getConfig;

  // Read again whenever the screen changes: leaving Settings after a fix takes the banner away.
  useEffect(() => {
    if (!get) return;
    let current = true;
    get()
      .then((doc) => current && setDocument(doc))
      .catch(() => current && setDocument(null));
    return () => {
      current = false;
    };
  }, [get, screen]);

  if (!document || document.issues.length === 0 || screen === 'settings') return null;
  return (
    <div className="config-banner" role="alert" aria-labelledby="config-banner-title">
      <p id="config-banner-title">
        <strong>The config file is not valid</strong>, so the app runs with the default settings until it is
        fixed: <code>{document.path}</code>
      </p>
      <ul>
        {document.issues.slice(0, 5).map((issue, i) => (
          <li key={i}>
            <code>{fieldName(issue.path)}</code>: {issue.message}
          </li>
        ))}
        {document.issues.length > 5 ? <li>… and {document.issues.length - 5} more</li> : null}
      </ul>
      <button type="button" onClick={showSettings}>
        Open Settings
      </button>
    </div>
  );
}
