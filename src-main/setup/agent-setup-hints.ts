import type { BuiltinAgent } from '../../src-shared/models';

export interface SetupHints {
  install: string;
  /** How to authenticate, for the person reading doctor's output or a setup_required pane. */
  login: string;
  /** Environment variables that authenticate the CLI without an interactive login. */
  keyEnv: string[];
}

export const SETUP_HINTS: Record<BuiltinAgent, SetupHints> = {
  claude: {
    install: 'npm install -g @anthropic-ai/claude-code',
    login: 'run `claude` once in a terminal to log in, or set ANTHROPIC_API_KEY',
    keyEnv: ['ANTHROPIC_API_KEY'],
  },
  codex: {
    install: 'npm install -g @openai/codex',
    login: 'run `codex login`, or set CODEX_API_KEY (codex exec ignores OPENAI_API_KEY)',
    keyEnv: ['CODEX_API_KEY'],
  },
  gemini: {
    install: 'npm install -g @google/gemini-cli',
    login: 'run `gemini` once in a terminal to choose how to sign in, or set GEMINI_API_KEY',
    keyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  },
};
