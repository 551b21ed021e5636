import { NO_HOOKS_PATH } from './git-hardening';

/**
 * Who commits what the orchestrator commits: a fixed identity, so those commits are recognisable in the
 * history and need no user.name / user.email configured (a fresh machine or CI has none).
 */
export const ORCHESTRATOR_IDENTITY: Readonly<Record<string, string>> = {
  GIT_AUTHOR_NAME: 'Orchestrator',
  GIT_AUTHOR_EMAIL: 'orchestrator@orchestrator.invalid',
  GIT_COMMITTER_NAME: 'Orchestrator',
  GIT_COMMITTER_EMAIL: 'orchestrator@orchestrator.invalid',
};

/**
 * Config for every commit made here: never sign (a signing key would prompt for a passphrase nobody can
 * answer) and never run the user's hooks (a pre-commit hook could reformat files, prompt or take minutes).
 */
export const NO_SIGN_NO_HOOKS: readonly string[] = [
  '-c',
  'commit.gpgSign=false',
  '-c',
  `core.hooksPath=${NO_HOOKS_PATH}`,
];
