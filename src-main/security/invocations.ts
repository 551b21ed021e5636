import { posix } from 'node:path';
import { resolveWordPath } from './paths';
import { resolveWord } from './literal-words';
import { parseShell, type Redirect, type ShellWord } from './shell-parse';

/** One program a command line would start, after unwrapping `sudo`, `env`, `bash -c '…'` and the like. */
export interface Invocation {
  /** The program's name without its directory ("/usr/bin/rm" and "\rm" are both "rm"); '' for a bare redirection. */
  program: string;
  args: ShellWord[];
  redirects: Redirect[];
  /** The command as written, for evidence. */
  source: string;
  /** Where it runs, or null once the guard lost track of `cd`. */
  cwd: string | null;
  /** Pipe rules compare stages of one pipeline: `curl … | sudo bash` is pipeline n, stages 0, 1 and 1. */
  pipeline: number;
  stage: number;
  /** The whole pipeline as written. */
  pipelineSource: string;
}

/** Nested `bash -c` scripts deeper than this are not unwrapped further. */
const MAX_NESTING = 8;

/** Words that open or close shell syntax and are not programs. */
const RESERVED_PREFIX = new Set([
  '!',
  '{',
  '}',
  'if',
  'then',
  'do',
  'else',
  'elif',
  'while',
  'until',
  'time',
]);
/** A command that starts with one of these is syntax whose words are not run (`for f in *.ts`). */
const NOT_A_COMMAND = new Set(['for', 'case', 'select', 'function', 'in', 'esac', 'fi', 'done', '[[', ']]']);

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish']);

interface WrapperSpec {
  /** Options whose value is the next word. */
  valued: readonly string[];
  /** Positional words before the wrapped command (timeout's DURATION, chroot's NEWROOT). */
  positional?: number;
  /** The wrapped command may start with NAME=value words. */
  assignments?: boolean;
  /** An option that means "only look the command up": nothing runs. */
  lookupOnly?: readonly string[];
}

/** Programs that run the command given in their remaining words. */
const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: {
    valued: [
      '-u',
      '-g',
      '-h',
      '-p',
      '-C',
      '-D',
      '-R',
      '-T',
      '-U',
      '-r',
      '-t',
      '--user',
      '--group',
      '--chdir',
    ],
    assignments: true,
  },
  doas: { valued: ['-u', '-C'] },
  pkexec: { valued: ['--user'] },
  // Multi-call binaries: `busybox rm -rf /` is rm.
  busybox: { valued: [] },
  toybox: { valued: [] },
  env: { valued: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'], assignments: true },
  nohup: { valued: [] },
  time: { valued: ['-f', '-o'] },
  exec: { valued: ['-a'] },
  command: { valued: [], lookupOnly: ['-v', '-V'] },
  builtin: { valued: [] },
  nice: { valued: ['-n', '--adjustment'] },
  ionice: { valued: ['-c', '-n', '-p', '--class', '--classdata'] },
  timeout: { valued: ['-s', '-k', '--signal', '--kill-after'], positional: 1 },
  stdbuf: { valued: ['-i', '-o', '-e'] },
  setsid: { valued: [] },
  chroot: { valued: [], positional: 1 },
  watch: { valued: ['-n', '--interval'] },
  xargs: {
    valued: ['-I', '-n', '-P', '-L', '-d', '-E', '-s', '-a', '--max-args', '--max-procs', '--delimiter'],
  },
};

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

const basename = (word: ShellWord): string => (word.dynamic ? word.text : posix.basename(word.text));

/**
 * Every program a shell command line would start, with the directory each runs in. `cd` is followed from
 * `cwd` through the line, so `cd .. && rm -rf other` is seen for what it deletes. Never throws.
 */
export function invocationsOf(script: string, cwd: string, home: string): ShellReading {
  const walker = new Walker(home);
  walker.walk(script, { cwd }, 0);
  return { script, invocations: walker.out, syntax: walker.syntax };
}

export interface ShellReading {
  /** The command line as given. */
  script: string;
  invocations: Invocation[];
  /** The unquoted syntax of the line and of every script it hands to a shell (`bash -c '…'`). */
  syntax: string[];
}

/** Commands whose NAME=value words set the shell's own variables (`export X=rm`). */
const DECLARING = new Set(['export', 'readonly', 'local', 'declare', 'typeset']);

/** Stages that feed literal words to a later `xargs`: what they print is what xargs appends. */
function stdinWordsOf(words: readonly ShellWord[]): ShellWord[] | null {
  const head = words[0];
  if (head === undefined || head.dynamic) return null;
  if (head.text === 'echo' || head.text === 'printf') {
    const args = words.slice(1).filter((w) => !/^-[neE]+$/.test(w.text));
    return args.some((w) => w.dynamic)
      ? null
      : args.flatMap((w) =>
          w.text
            .split(/\s+/)
            .filter(Boolean)
            .map((text) => ({ text, dynamic: false })),
        );
  }
  if (head.text === 'find') {
    // What find prints lies below its roots, as for -exec.
    const args = words.slice(1);
    const first = args.findIndex((a) => /^[-(!]/.test(a.text));
    const roots = args.slice(0, first === -1 ? args.length : first);
    return (roots.length > 0 ? roots : [{ text: '.', dynamic: false }]).map((root) => ({
      text: `${root.text.replace(/\/+$/, '')}/{}`,
      dynamic: root.dynamic,
    }));
  }
  return null;
}

class Walker {
  readonly out: Invocation[] = [];
  readonly syntax: string[] = [];
  private pipelineCount = 0;
  /**
   * Variables the script set to literals (`X=rm; $X -rf /`), so an expansion of one reads as its value.
   * One scope for the whole line, subshells included: seeing a value where a subshell would not only widens
   * what the guard looks at.
   */
  private readonly vars: Map<string, string>;

  constructor(private readonly home: string) {
    this.vars = new Map([['HOME', home]]);
  }

  walk(script: string, state: { cwd: string | null }, depth: number): void {
    const parsed = parseShell(script);
    this.syntax.push(parsed.syntax);
    for (const pipeline of parsed.pipelines) {
      const id = this.pipelineCount++;
      const pipelineSource = pipeline.map((command) => command.source).join(' | ');
      pipeline.forEach((command, stage) => {
        const before = stage > 0 ? pipeline[stage - 1]! : null;
        const stdin = before
          ? stdinWordsOf(before.words.map((w) => resolveWord(w, this.scope(state.cwd))))
          : null;
        const at = { pipeline: id, stage, source: command.source, pipelineSource, depth, stdin };
        this.command(command.words, command.redirects, state.cwd, at);
      });
      // A `cd` inside a pipeline runs in a subshell and changes nothing after it.
      const only = pipeline.length === 1 ? pipeline[0] : undefined;
      if (only) state.cwd = this.afterCd(only.words, state.cwd);
    }
  }

  private scope(cwd: string | null) {
    return { vars: this.vars, cwd };
  }

  /** NAME=value words that set the shell's variables: remembered when literal, forgotten when not. */
  private assign(words: readonly ShellWord[]): void {
    for (const word of words) {
      const eq = word.text.indexOf('=');
      if (!ASSIGNMENT.test(word.text)) continue;
      const name = word.text.slice(0, eq);
      const value = resolveWord({ text: word.text.slice(eq + 1), dynamic: word.dynamic }, this.scope(null));
      if (value.dynamic) this.vars.delete(name);
      else this.vars.set(name, value.text);
    }
  }

  private command(
    written: readonly ShellWord[],
    writtenRedirects: Redirect[],
    cwd: string | null,
    at: {
      pipeline: number;
      stage: number;
      source: string;
      pipelineSource: string;
      depth: number;
      stdin?: ShellWord[] | null;
    },
  ): void {
    // Expansions the script itself makes known are read as their values: `$(echo rm)`, `$X`, `$(pwd)`.
    const scope = this.scope(cwd);
    const words = written.map((w) => resolveWord(w, scope));
    const redirects = writtenRedirects.map((r) => ({ ...r, target: resolveWord(r.target, scope) }));
    let i = 0;
    while (i < words.length && RESERVED_PREFIX.has(words[i]!.text)) i++;
    const assignments = i;
    while (i < words.length && ASSIGNMENT.test(words[i]!.text)) i++;
    // Only a line of assignments sets the shell's variables; `X=1 cmd` sets them for cmd alone.
    if (i === words.length) this.assign(words.slice(assignments));
    else if (DECLARING.has(words[i]!.text)) this.assign(words.slice(i + 1));
    const head = words[i];
    if (head !== undefined && NOT_A_COMMAND.has(head.text)) return;
    const program = head === undefined ? '' : basename(head);
    const args = words.slice(i + 1);
    const { source, pipeline, stage, pipelineSource } = at;
    this.out.push({ program, args, redirects, source, cwd, pipeline, stage, pipelineSource });
    if (at.depth >= MAX_NESTING) return;
    const inner = { ...at, depth: at.depth + 1 };
    const wrapper = WRAPPERS[program];
    if (wrapper) {
      const unwrapped = unwrap(wrapper, args);
      if (unwrapped === null) return;
      // xargs runs its command with what the stage before it printed appended.
      if (program === 'xargs' && at.stdin && unwrapped.words.length > 0) unwrapped.words.push(...at.stdin);
      if (unwrapped.script !== null) this.walk(unwrapped.script, { cwd }, inner.depth);
      const innerCwd = unwrapped.chdir === null ? cwd : this.cd(unwrapped.chdir, cwd);
      if (unwrapped.words.length > 0)
        this.command(unwrapped.words, [], program === 'chroot' ? null : innerCwd, { ...inner, stdin: null });
    } else if (SHELLS.has(program)) {
      const script = shellScript(args);
      if (script !== null) this.walk(script, { cwd }, inner.depth);
    } else if (program === 'eval') {
      this.walk(args.map((a) => a.text).join(' '), { cwd }, inner.depth);
    } else if (program === 'find') {
      for (const exec of findExecs(args)) this.command(exec, [], cwd, inner);
    }
  }

  private afterCd(words: readonly ShellWord[], cwd: string | null): string | null {
    const head = words[0];
    if (head === undefined || head.dynamic) return cwd;
    if (head.text === 'popd') return null;
    if (head.text !== 'cd' && head.text !== 'pushd') return cwd;
    const target = words.slice(1).find((w) => !/^-[LPe@]*$/.test(w.text) || w.text === '-');
    return this.cd(target, cwd);
  }

  private cd(target: ShellWord | undefined, cwd: string | null): string | null {
    if (target === undefined) return this.home;
    if (target.text === '-') return null;
    return resolveWordPath(target.text, target.dynamic, { cwd, home: this.home });
  }
}

interface Unwrapped {
  words: ShellWord[];
  /** `env -S "…"`: a command line to read as a script. */
  script: string | null;
  /** `env -C DIR`. */
  chdir: ShellWord | null;
}

/** The wrapped command's words after the wrapper's own options; null when the wrapper runs nothing. */
function unwrap(spec: WrapperSpec, args: readonly ShellWord[]): Unwrapped | null {
  let i = 0;
  let script: string | null = null;
  let chdir: ShellWord | null = null;
  while (i < args.length) {
    const text = args[i]!.text;
    if (text === '--') {
      i++;
      break;
    }
    if (!text.startsWith('-') || text === '-') break;
    if (spec.lookupOnly?.includes(text)) return null;
    const [name, inline] = splitOption(text);
    if (spec.valued.includes(name)) {
      const value = inline ?? args[i + 1];
      if (name === '-S' || name === '--split-string') script = value?.text ?? null;
      if (name === '-C' || name === '--chdir') chdir = value ?? null;
      i += inline === undefined ? 2 : 1;
    } else {
      i++;
    }
  }
  i += spec.positional ?? 0;
  if (spec.assignments) while (i < args.length && !args[i]!.dynamic && ASSIGNMENT.test(args[i]!.text)) i++;
  return { words: args.slice(i), script, chdir };
}

/** "-uroot" → ["-u", root]; "--user=root" → ["--user", root]; "-u" → ["-u", undefined]. */
function splitOption(text: string): [string, ShellWord | undefined] {
  if (text.startsWith('--')) {
    const eq = text.indexOf('=');
    return eq === -1 ? [text, undefined] : [text.slice(0, eq), { text: text.slice(eq + 1), dynamic: false }];
  }
  return text.length > 2 ? [text.slice(0, 2), { text: text.slice(2), dynamic: false }] : [text, undefined];
}

/** The script of `bash -lc '…'`, `sh -ec "…"`, `zsh -c …`: the first operand after an option cluster with c. */
function shellScript(args: readonly ShellWord[]): string | null {
  let command = false;
  for (let i = 0; i < args.length; i++) {
    const text = args[i]!.text;
    if (text === '--') return command ? (args[i + 1]?.text ?? null) : null;
    if (/^[-+][A-Za-z]+$/.test(text)) {
      if (text.startsWith('-') && text.includes('c')) command = true;
      // -o/+o take an option name; it is not the script.
      if (text.endsWith('o')) i++;
      continue;
    }
    // Long options (--login, --norc) come before -c; after it, whatever follows is the script.
    if (text.startsWith('--') && !command) continue;
    return command ? text : null;
  }
  return null;
}

/**
 * The commands of `find ROOT… -exec CMD … ;` (or `+`, or -delete). `{}` stands for what find found, which lies below its
 * roots: `find .. -exec rm -rf {} +` deletes outside the worktree, `find . -exec rm -rf {} +` does not.
 */
function findExecs(args: readonly ShellWord[]): ShellWord[][] {
  const firstExpression = args.findIndex((a) => /^[-(!]/.test(a.text));
  const roots = args.slice(0, firstExpression === -1 ? args.length : firstExpression);
  const found = (roots.length > 0 ? roots : [{ text: '.', dynamic: false }]).map((root) => ({
    text: `${root.text.replace(/\/+$/, '')}/{}`,
    dynamic: root.dynamic,
  }));
  const out: ShellWord[][] = [];
  // -delete removes what it finds, as `rm -r` of the same paths would.
  if (args.some((a) => a.text === '-delete'))
    out.push([{ text: 'rm', dynamic: false }, { text: '-r', dynamic: false }, ...found]);
  for (let i = 0; i < args.length; i++) {
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes(args[i]!.text)) continue;
    const end = args.findIndex((a, j) => j > i && (a.text === ';' || a.text === '+'));
    const stop = end === -1 ? args.length : end;
    // Every `{}` names the same paths; expanding only the first keeps `-exec x {} {} {}…` linear.
    const command = args.slice(i + 1, stop);
    const first = command.findIndex((word) => word.text === '{}');
    const words = command.filter((word, j) => word.text !== '{}' || j === first);
    out.push(words.flatMap((word) => (word.text === '{}' ? found : [word])));
    i = stop;
  }
  return out;
}
