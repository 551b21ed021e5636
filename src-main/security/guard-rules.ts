import type { Severity } from '../../src-shared/models';

/** What the worker does when a rule fires: record it, pause the worker for a person, or stop it. */
export type GuardPolicy = 'log' | 'pause' | 'stop';

/**
 * blocked: destroys data or escalates privileges, never legitimate in a worktree; monitored: legitimate at
 * times but runs code nobody reviewed; outside-write: touches files beyond the worker's worktree.
 */
export type RuleKind = 'blocked' | 'monitored' | 'outside-write';

/** How a rule recognises its case; each kind of match is implemented once in guard-match.ts. */
export type RuleMatch =
  /** The program itself, by name. */
  | { type: 'program'; names: RegExp }
  /** A program given an argument of a certain shape. */
  | { type: 'argument'; programs: readonly string[]; argument: RegExp }
  /** A recursive delete (rm -r/-R/--recursive) of /, a home, the worktree itself or anything outside it. */
  | { type: 'recursive-delete'; programs: readonly string[] }
  /** A recursive chmod/chown of anything outside the worktree. */
  | { type: 'recursive-outside'; programs: readonly string[] }
  /** Shell syntax outside quotes, e.g. a fork bomb's self-piping function; `shows` names what it found. */
  | { type: 'syntax'; pattern: RegExp; shows: string }
  /** Downloaded text handed straight to an interpreter, by pipe or by substitution. */
  | { type: 'download-to-shell'; downloaders: readonly string[]; interpreters: readonly string[] }
  /** A written path (edit tool, file_change, redirection, tee/cp/mv/touch…) that resolves outside the worktree. */
  | { type: 'write-outside' }
  /** Text from another command handed to an interpreter as its program (`base64 -d | sh`, `cat x | python`). */
  | { type: 'pipe-to-interpreter'; interpreters: readonly string[]; downloaders: readonly string[] }
  /** A written path inside a `.git` folder (config, hooks), or `git config` of a key that runs a program. */
  | { type: 'git-internals' }
  /** A written shell startup file (~/.bashrc, ~/.profile…) outside the worktree. */
  | { type: 'startup-file' }
  /** `git clean` with -x/-X (ignored files too) of a directory outside the worktree. */
  | { type: 'git-clean-outside' };

export interface GuardRule {
  id: string;
  kind: RuleKind;
  severity: Severity;
  /** What a person reads next to the hit. */
  description: string;
  match: RuleMatch;
}

export const DEFAULT_POLICY: Record<RuleKind, GuardPolicy> = {
  blocked: 'stop',
  monitored: 'pause',
  'outside-write': 'pause',
};

/** Per-rule overrides from the config (`security.rules: {<id>: policy}`). */
export type PolicyMap = Readonly<Partial<Record<string, GuardPolicy>>>;

export const INTERPRETERS = [
  'sh',
  'bash',
  'zsh',
  'dash',
  'ksh',
  'fish',
  'sudo',
  'python',
  'python3',
  'perl',
  'ruby',
  'node',
];

/**
 * `:(){ :|:& };:` and its named variants: a function that pipes itself into itself in the background.
 * The lookbehind starts names only at a word's start and the bounds keep each attempt short, so a
 * megabyte-long command line costs one pass, not one pass per character.
 */
const FORK_BOMB = /(?<![\w:.-])([\w:.-]{1,64})\s*\(\s*\)\s*\{[^}]{0,32}?\1\s*\|\s*\1\s*&/;

export const GUARD_RULES: readonly GuardRule[] = [
  {
    id: 'rm-recursive-outside',
    kind: 'blocked',
    severity: 'critical',
    description: 'recursive delete of /, a home directory, the worktree itself or a path outside it',
    match: { type: 'recursive-delete', programs: ['rm'] },
  },
  {
    id: 'sudo',
    kind: 'blocked',
    severity: 'critical',
    description: 'privilege escalation',
    match: { type: 'program', names: /^(?:sudo|doas|su|pkexec|run0)$/ },
  },
  {
    id: 'mkfs',
    kind: 'blocked',
    severity: 'critical',
    description: 'formats a file system',
    match: { type: 'program', names: /^(?:mkfs(?:\..+)?|mke2fs|mkswap|wipefs)$/ },
  },
  {
    id: 'dd-device',
    kind: 'blocked',
    severity: 'critical',
    description: 'dd writing to a device',
    match: {
      type: 'argument',
      programs: ['dd'],
      argument: /^of=\/dev\/(?!(?:null|zero|stdout|stderr|fd\/\d+)$)/,
    },
  },
  {
    id: 'chmod-recursive-outside',
    kind: 'blocked',
    severity: 'critical',
    description: 'recursive permission or owner change outside the worktree (chmod -R 777 /)',
    match: { type: 'recursive-outside', programs: ['chmod', 'chown', 'chgrp'] },
  },
  {
    id: 'fork-bomb',
    kind: 'blocked',
    severity: 'critical',
    description: 'fork bomb',
    match: { type: 'syntax', pattern: FORK_BOMB, shows: 'a function that pipes itself into itself' },
  },
  {
    id: 'download-to-shell',
    kind: 'monitored',
    severity: 'high',
    description: 'downloaded script run without review (curl … | sh)',
    match: { type: 'download-to-shell', downloaders: ['curl', 'wget', 'fetch'], interpreters: INTERPRETERS },
  },
  {
    id: 'pipe-to-shell',
    kind: 'monitored',
    severity: 'high',
    description: 'text piped into an interpreter as its program (base64 -d | sh)',
    match: {
      type: 'pipe-to-interpreter',
      interpreters: INTERPRETERS.filter((name) => name !== 'sudo'),
      downloaders: ['curl', 'wget', 'fetch'],
    },
  },
  {
    id: 'git-internals-write',
    kind: 'monitored',
    severity: 'high',
    description: 'write into a .git folder or git config that runs a program (hooks, fsmonitor, pager…)',
    match: { type: 'git-internals' },
  },
  {
    id: 'shell-startup-write',
    kind: 'monitored',
    severity: 'high',
    description: 'write to a shell startup file (~/.bashrc, ~/.profile…), which runs in every new shell',
    match: { type: 'startup-file' },
  },
  {
    id: 'git-clean-outside',
    kind: 'blocked',
    severity: 'critical',
    description: 'git clean of ignored files (-x) outside the worktree',
    match: { type: 'git-clean-outside' },
  },
  {
    id: 'write-outside-worktree',
    kind: 'outside-write',
    severity: 'medium',
    description: 'write outside the worker’s worktree',
    match: { type: 'write-outside' },
  },
];

/**
 * Places outside the worktree a worker may write to: temp folders (codex's workspace-write sandbox allows
 * /tmp and $TMPDIR too) and the output devices.
 */
export const ALLOWED_WRITE_ROOTS: readonly string[] = ['/tmp', '/private/tmp', '/var/tmp'];
export const ALLOWED_WRITE_FILES: readonly string[] = ['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty'];

/** Shell startup files: what is written there runs in every shell the user opens. */
export const STARTUP_FILES: ReadonlySet<string> = new Set([
  '.bashrc',
  '.bash_profile',
  '.bash_login',
  '.bash_logout',
  '.profile',
  '.zshrc',
  '.zshenv',
  '.zprofile',
  '.zlogin',
  '.kshrc',
  '.mkshrc',
  'config.fish',
  'bash.bashrc',
  'zshrc',
  'zshenv',
  'profile',
]);

/** git config keys whose value git runs as a program, or that pull in another config file. */
export const GIT_EXECUTING_KEYS =
  /^(?:core\.(?:fsmonitor|hookspath|pager|sshcommand|editor|askpass|gitproxy)|diff\.external|(?:filter|diff|merge)\..+\.(?:clean|smudge|process|textconv|command|driver)|include\.path|includeif\..+|alias\..+|sequence\.editor|gpg\.program|credential\.helper)$/i;

/** Commands that write the paths they name: every operand, or only the last (the destination). */
export const WRITING_COMMANDS: Readonly<Record<string, 'all' | 'last'>> = {
  tee: 'all',
  touch: 'all',
  mkdir: 'all',
  rm: 'all',
  rmdir: 'all',
  truncate: 'all',
  cp: 'last',
  mv: 'last',
  install: 'last',
  ln: 'last',
  rsync: 'last',
};

/** Tool names (claude, codex, gemini) whose input is a shell command line in `command`. */
export const SHELL_TOOLS: ReadonlySet<string> = new Set([
  'Bash',
  'shell',
  'run_shell_command',
  'local_shell',
]);

/** Tool names whose input names the file they write, and under which keys. */
export const WRITE_TOOLS: Readonly<Record<string, readonly string[]>> = {
  Write: ['file_path'],
  Edit: ['file_path'],
  MultiEdit: ['file_path'],
  NotebookEdit: ['notebook_path'],
  write_file: ['file_path', 'absolute_path', 'path'],
  replace: ['file_path', 'absolute_path', 'path'],
  edit: ['file_path', 'absolute_path', 'path'],
};

export function policyOf(rule: GuardRule, policies: PolicyMap = {}): GuardPolicy {
  return policies[rule.id] ?? DEFAULT_POLICY[rule.kind];
}
