import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { OrchestratorConfig } from '../../src-shared/models';
import type { ConfigDocument, SaveConfigResult } from '../../src-shared/ipc/contract';
import { writeJsonAtomic } from '../store/write-json';
import { checkConfigText } from './config-text';

/** The file as it is on disk, or the defaults as a starting point, with what is wrong with it now. */
export function readConfigDocument(path: string): ConfigDocument {
  if (!existsSync(path)) {
    const text = `${JSON.stringify(OrchestratorConfig.parse({}), null, 2)}\n`;
    return { path, text, exists: false, issues: [] };
  }
  const text = readFileSync(path, 'utf8');
  const checked = checkConfigText(text);
  return { path, text, exists: true, issues: checked.ok ? [] : checked.issues };
}

/**
 * Writes the config only when it is valid, atomically (a reader never sees half a file), keeping what the
 * person wrote rather than the defaults filled in, so the file stays short and future defaults still apply.
 */
export function saveConfig(path: string, text: string): SaveConfigResult {
  const checked = checkConfigText(text);
  if (!checked.ok) return { saved: false, issues: checked.issues };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeJsonAtomic(path, checked.json);
  return { saved: true, path };
}

/** The config the app starts with: the file when it is valid, else the defaults (settings shows why). */
export function loadConfigOrDefaults(path: string): OrchestratorConfig {
  const document = readConfigDocument(path);
  if (!document.exists || document.issues.length > 0) return OrchestratorConfig.parse({});
  const checked = checkConfigText(document.text);
  return checked.ok ? checked.config : OrchestratorConfig.parse({});
}
