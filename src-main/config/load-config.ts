import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNul, NUL_REFUSAL, OrchestratorConfig } from '../../src-shared/models';
import { UserInputError } from '../coordinator/errors';
import { appDataDir } from '../store/paths';

/** The app's own config file, used when no --config is given. */
export const appConfigPath = (env: NodeJS.ProcessEnv = process.env): string =>
  join(appDataDir(env), 'config.json');

/**
 * Reads and validates a config file. A bad file is one error naming the file and the first bad field,
 * before anything starts. No file at the app's default path just means the defaults.
 */
export function loadConfig(
  path: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): OrchestratorConfig {
  const file = path ?? appConfigPath(env);
  if (!existsSync(file)) {
    if (path) throw new UserInputError(`config file not found: ${path}`, 'bad_config');
    return OrchestratorConfig.parse({});
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserInputError(`config ${file}: not valid JSON (${(error as Error).message})`, 'bad_config');
  }
  // Checked before the schema so that a key holding one is named too (a schema names only values).
  const nul = findNul(json);
  if (nul !== null) throw new UserInputError(`config ${file}: ${nul}: ${NUL_REFUSAL}`, 'bad_config');
  const parsed = OrchestratorConfig.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new UserInputError(`config ${file}: ${field}: ${issue.message}`, 'bad_config');
  }
  return parsed.data;
}
