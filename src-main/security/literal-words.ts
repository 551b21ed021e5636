import { parseShell, type ShellWord } from './shell-parse';

/** What the guard knows of a script's variables while reading it: literal assignments and where it runs. */
export interface LiteralScope {
  vars: Map<string, string>;
  cwd: string | null;
}

/** `$(…)`, backticks, `${NAME}` and `$NAME`, as the reader keeps them in a word's text. */
const EXPANSION = /\$\(([^()]*)\)|`([^`]*)`|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
/** Anything left that only the running shell knows: an expansion, or a process substitution `<(…)`. */
const STILL_DYNAMIC = /[$`]|[<>]\(/;

/**
 * The output of a substitution whose command prints a literal: `echo rm`, `printf rm`, `printf '%s' rm`,
 * `pwd`. Null for anything else: its output is only known at run time.
 */
function literalOutput(script: string, scope: LiteralScope): string | null {
  const { pipelines } = parseShell(script);
  if (pipelines.length !== 1 || pipelines[0]!.length !== 1) return null;
  const words = pipelines[0]![0]!.words.map((w) => resolveWord(w, scope));
  if (words.length === 0 || words.some((w) => w.dynamic)) return null;
  const [head, ...args] = words.map((w) => w.text);
  if (head === 'pwd') return scope.cwd;
  if (head === 'echo') {
    while (args[0] !== undefined && /^-[neE]+$/.test(args[0])) args.shift();
    return args.join(' ');
  }
  if (head === 'printf' && args[0] !== undefined) {
    const [format, ...values] = args;
    if (/^%s(?:\\n)?$/.test(format!)) return values.join('');
    return format!.includes('%') ? null : format!.replace(/\\n$/, '');
  }
  return null;
}

/**
 * The word with every expansion whose value the script itself makes known replaced by that value: `$(echo
 * rm)` is `rm`, `$X` after `X=rm` is `rm`, `$(pwd)` and `$PWD` are the directory the command runs in. A word
 * with anything left unknown stays dynamic.
 */
export function resolveWord(word: ShellWord, scope: LiteralScope): ShellWord {
  if (!word.dynamic) return word;
  let unknown = false;
  const text = word.text.replace(
    EXPANSION,
    (match: string, sub?: string, tick?: string, braced?: string, bare?: string) => {
      const script = sub ?? tick;
      if (script !== undefined) {
        const out = literalOutput(script, scope);
        if (out === null) unknown = true;
        return out ?? match;
      }
      const name = (braced ?? bare)!;
      const value = name === 'PWD' ? scope.cwd : scope.vars.get(name);
      if (value === undefined || value === null) unknown = true;
      return value ?? match;
    },
  );
  if (unknown || STILL_DYNAMIC.test(word.text.replace(EXPANSION, ''))) return word;
  return { text, dynamic: false };
}
