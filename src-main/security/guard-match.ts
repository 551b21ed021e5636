import { posix } from 'node:path';
import {
  ALLOWED_WRITE_FILES,
  GIT_EXECUTING_KEYS,
  STARTUP_FILES,
  WRITING_COMMANDS,
  type RuleMatch,
} from './guard-rules';
import type { Invocation, ShellReading } from './invocations';
import { isBelow, isWithin, resolveWordPath } from './paths';
import type { ShellWord } from './shell-parse';

/** Everything one event shows the guard. */
export interface Subjects {
  shell: ShellReading[];
  /** Files an edit tool or a file_change names, already absolute. */
  writes: { path: string; evidence: string }[];
}

export interface MatchContext {
  worktree: string;
  home: string;
  /** Roots below which a write outside the worktree is fine (/tmp…). */
  allowedRoots: readonly string[];
}

export interface Match {
  evidence: string;
  detail: string;
  /** What makes two matches the same fact: the command line, or the path for an edit tool and its file_change. */
  key: string;
}

/** Every place in `subjects` where `match` applies, one per offending command or path. */
export function findMatches(match: RuleMatch, subjects: Subjects, context: MatchContext): Match[] {
  const invocations = subjects.shell.flatMap((reading) => reading.invocations);
  switch (match.type) {
    case 'program':
      return invocations
        .filter((inv) => match.names.test(inv.program))
        .map((inv) => ({ evidence: inv.source, detail: inv.program, key: inv.source }));
    case 'argument':
      return invocations.flatMap((inv) => {
        if (!match.programs.includes(inv.program)) return [];
        const arg = inv.args.find((a) => match.argument.test(a.text));
        return arg ? [{ evidence: inv.source, detail: arg.text, key: inv.source }] : [];
      });
    case 'recursive-delete':
      return recursiveTargets(invocations, match.programs, context, (path) => {
        return path === context.worktree || isOutside(path, context);
      });
    case 'recursive-outside':
      return recursiveTargets(invocations, match.programs, context, (path) => isOutside(path, context));
    case 'syntax':
      return subjects.shell.flatMap((reading) =>
        reading.syntax.some((text) => match.pattern.test(text))
          ? [{ evidence: reading.script, detail: match.shows, key: reading.script }]
          : [],
      );
    case 'download-to-shell':
      return downloadsToShell(invocations, match.downloaders, match.interpreters);
    case 'write-outside':
      return outsideWrites(invocations, subjects.writes, context);
    case 'pipe-to-interpreter':
      return pipedToInterpreter(invocations, match.interpreters, match.downloaders);
    case 'git-internals':
      return [
        ...writtenPaths(invocations, subjects.writes, context, (path) => path.split('/').includes('.git')),
        ...gitConfigWrites(invocations),
      ];
    case 'startup-file':
      return writtenPaths(
        invocations,
        subjects.writes,
        context,
        (path) => STARTUP_FILES.has(posix.basename(path)) && !isWithin(context.worktree, path),
      );
    case 'git-clean-outside':
      return gitCleanOutside(invocations, context);
  }
}

const isOutside = (path: string, context: MatchContext): boolean =>
  !isWithin(context.worktree, path) && !isAllowedWrite(path, context);

function isAllowedWrite(path: string, context: MatchContext): boolean {
  if (ALLOWED_WRITE_FILES.includes(path) || /^\/dev\/fd\/\d+$/.test(path)) return true;
  return context.allowedRoots.some((root) => isBelow(root, path));
}

interface Operands {
  flags: string[];
  operands: ShellWord[];
}

/** Options (up to `--`) apart from operands; option values are not told apart, which only widens what is seen. */
function operandsOf(args: readonly ShellWord[]): Operands {
  const flags: string[] = [];
  const operands: ShellWord[] = [];
  let options = true;
  for (const arg of args) {
    if (options && arg.text === '--') options = false;
    else if (options && arg.text.startsWith('-') && arg.text !== '-') flags.push(arg.text);
    else operands.push(arg);
  }
  return { flags, operands };
}

const isRecursive = (flags: readonly string[]): boolean =>
  flags.some((f) => f === '--recursive' || (/^-[A-Za-z]+$/.test(f) && /[rR]/.test(f)));

function recursiveTargets(
  invocations: readonly Invocation[],
  programs: readonly string[],
  context: MatchContext,
  dangerous: (path: string) => boolean,
): Match[] {
  const out: Match[] = [];
  for (const inv of invocations) {
    if (!programs.includes(inv.program)) continue;
    const { flags, operands } = operandsOf(inv.args);
    if (!isRecursive(flags)) continue;
    // chmod MODE FILE…, chown OWNER FILE…: the first operand is not a path unless --reference gives the mode.
    const paths =
      inv.program === 'rm' || flags.some((f) => f.startsWith('--reference')) ? operands : operands.slice(1);
    const hit = paths
      .map((word) => resolveWordPath(word.text, word.dynamic, { cwd: inv.cwd, home: context.home }))
      .find((path): path is string => path !== null && dangerous(path));
    if (hit !== undefined) out.push({ evidence: inv.source, detail: hit, key: inv.source });
  }
  return out;
}

/** Code reaches an interpreter from a download: through a later pipe stage, or as `bash <(curl …)`. */
function downloadsToShell(
  invocations: readonly Invocation[],
  downloaders: readonly string[],
  interpreters: readonly string[],
): Match[] {
  const out: Match[] = [];
  const downloads = invocations.filter((inv) => downloaders.includes(inv.program));
  const named = new RegExp(`\\b(?:${downloaders.join('|')})\\b`);
  for (const inv of invocations) {
    if (!interpreters.includes(inv.program)) continue;
    const piped = downloads.some((d) => d.pipeline === inv.pipeline && d.stage < inv.stage);
    const substituted = inv.args.some((a) => a.dynamic && named.test(a.text));
    if ((piped && readsProgramFromStdin(inv)) || substituted) {
      const evidence = piped ? inv.pipelineSource : inv.source;
      out.push({ evidence, detail: inv.program, key: evidence });
    }
  }
  return [...out, ...downloadedThenRun(invocations, downloaders, interpreters)];
}

/** The files a download writes: curl -o/--output, curl -O (the URL's name), wget -O, a `>` redirection. */
function downloadedFiles(inv: Invocation, home: string): string[] {
  const words: ShellWord[] = inv.redirects.filter((r) => r.op === '>' || r.op === '>>').map((r) => r.target);
  const args = inv.args;
  for (let i = 0; i < args.length; i++) {
    const text = args[i]!.text;
    const output = inv.program === 'curl' ? ['-o', '--output'] : ['-O', '--output-document'];
    if (output.includes(text) && args[i + 1]) words.push(args[i + 1]!);
    const inline = /^(?:--output(?:-document)?=)(.+)$/.exec(text);
    if (inline) words.push({ text: inline[1]!, dynamic: args[i]!.dynamic });
    if (inv.program === 'curl' && text === '-O') {
      const url = args.find((a) => /^[a-z]+:\/\//.test(a.text));
      const name = url ? posix.basename(url.text.replace(/[?#].*$/, '')) : '';
      if (name !== '') words.push({ text: name, dynamic: url!.dynamic });
    }
  }
  return words
    .map((w) => resolveWordPath(w.text, w.dynamic, { cwd: inv.cwd, home }))
    .filter((p): p is string => p !== null);
}

/**
 * Download first, run later: `curl -o f URL && sh f`, `wget -O s URL; bash s`, `curl URL > s.sh; ./s.sh`. A
 * later command that runs the downloaded file itself, or hands it to an interpreter or `source`, runs code
 * nobody reviewed just as `curl | sh` does.
 */
function downloadedThenRun(
  invocations: readonly Invocation[],
  downloaders: readonly string[],
  interpreters: readonly string[],
): Match[] {
  const out: Match[] = [];
  const downloaded = new Set<string>();
  for (const inv of invocations) {
    if (downloaders.includes(inv.program)) {
      for (const path of downloadedFiles(inv, '/')) downloaded.add(path);
      continue;
    }
    if (downloaded.size === 0) continue;
    const runsItself = [...downloaded].some((path) => posix.basename(path) === inv.program);
    const handsIt =
      (interpreters.includes(inv.program) || inv.program === 'source' || inv.program === '.') &&
      inv.args.some((a) => {
        const path = resolveWordPath(a.text, a.dynamic, { cwd: inv.cwd, home: '/' });
        return path !== null && downloaded.has(path);
      });
    if (runsItself || handsIt) out.push({ evidence: inv.source, detail: inv.program, key: inv.source });
  }
  return out;
}

/** `base64 -d | sh`, `cat x | bash`, `… | python -`: another command's output run as a program. */
function pipedToInterpreter(
  invocations: readonly Invocation[],
  interpreters: readonly string[],
  downloaders: readonly string[],
): Match[] {
  const out: Match[] = [];
  for (const inv of invocations) {
    if (inv.stage === 0 || !interpreters.includes(inv.program) || !readsProgramFromStdin(inv)) continue;
    // A download piped to a shell is download-to-shell's case.
    const fromDownload = invocations.some(
      (d) => d.pipeline === inv.pipeline && d.stage < inv.stage && downloaders.includes(d.program),
    );
    if (!fromDownload)
      out.push({ evidence: inv.pipelineSource, detail: inv.program, key: inv.pipelineSource });
  }
  return out;
}

/** Written paths (edit tools, file_change, redirections, writing commands, `sed -i`) that `matches`. */
function writtenPaths(
  invocations: readonly Invocation[],
  writes: Subjects['writes'],
  context: MatchContext,
  matches: (path: string) => boolean,
): Match[] {
  const out: Match[] = [];
  for (const write of writes) {
    if (matches(write.path)) out.push({ evidence: write.evidence, detail: write.path, key: write.path });
  }
  for (const inv of invocations) {
    const path = writtenWords(inv)
      .map((w) => resolveWordPath(w.text, w.dynamic, { cwd: inv.cwd, home: context.home }))
      .find((p): p is string => p !== null && matches(p));
    if (path !== undefined) out.push({ evidence: inv.source, detail: path, key: inv.source });
  }
  return out;
}

/** The words after git's global options (-C DIR, -c k=v, --git-dir=…): the subcommand and its arguments. */
function gitCommand(inv: Invocation): { dir: ShellWord | null; rest: ShellWord[] } {
  let dir: ShellWord | null = null;
  let i = 0;
  while (i < inv.args.length) {
    const text = inv.args[i]!.text;
    if (text === '-C') {
      dir = inv.args[i + 1] ?? null;
      i += 2;
    } else if (text === '-c' || text === '--git-dir' || text === '--work-tree' || text === '--namespace')
      i += 2;
    else if (text.startsWith('-')) i++;
    else break;
  }
  return { dir, rest: inv.args.slice(i) };
}

/** `git config core.hooksPath …`, `git config --global alias.x '!…'`: a config that runs a program. */
function gitConfigWrites(invocations: readonly Invocation[]): Match[] {
  const out: Match[] = [];
  for (const inv of invocations) {
    if (inv.program !== 'git') continue;
    const { rest } = gitCommand(inv);
    if (rest[0]?.text !== 'config') continue;
    const { operands } = operandsOf(rest.slice(1));
    const name = operands[0]?.text === 'set' ? operands[1] : operands[0];
    // Reading a key (one operand) is harmless; setting one takes a value.
    if (name && GIT_EXECUTING_KEYS.test(name.text) && operands.length >= 2) {
      out.push({ evidence: inv.source, detail: name.text, key: inv.source });
    }
  }
  return out;
}

/** `git clean -fdx` run in, or naming, a directory outside the worktree: deletes every ignored file there. */
function gitCleanOutside(invocations: readonly Invocation[], context: MatchContext): Match[] {
  const out: Match[] = [];
  for (const inv of invocations) {
    if (inv.program !== 'git') continue;
    const { dir, rest } = gitCommand(inv);
    if (rest[0]?.text !== 'clean') continue;
    const { flags, operands } = operandsOf(rest.slice(1));
    if (!flags.some((f) => /^-[A-Za-z]*[xX]/.test(f))) continue;
    const paths = { cwd: inv.cwd, home: context.home };
    const where = dir === null ? inv.cwd : resolveWordPath(dir.text, dir.dynamic, paths);
    const targets = (operands.length > 0 ? operands : [{ text: '.', dynamic: false }]).map((o) =>
      resolveWordPath(o.text, o.dynamic, { cwd: where, home: context.home }),
    );
    const outside = targets.find((t): t is string => t !== null && !isWithin(context.worktree, t));
    if (outside !== undefined) out.push({ evidence: inv.source, detail: outside, key: inv.source });
  }
  return out;
}

const INLINE_PROGRAM = new Set(['-c', '-e', '-E', '-m', '-p', '-r', '--eval', '--print']);

/**
 * `curl … | python3 -m json.tool` only formats the download; `curl … | bash` or `| python3 -` runs it.
 * sudo is counted whatever follows: it runs the next stage with root rights.
 */
function readsProgramFromStdin(inv: Invocation): boolean {
  if (inv.program === 'sudo') return true;
  const { flags, operands } = operandsOf(inv.args);
  const shell = ['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish'].includes(inv.program);
  if (shell && flags.some((f) => /^-[A-Za-z]*c[A-Za-z]*$/.test(f))) return false;
  if (!shell && flags.some((f) => INLINE_PROGRAM.has(f))) return false;
  return operands.every((o) => o.text === '-') || (shell && flags.includes('-s'));
}

function outsideWrites(
  invocations: readonly Invocation[],
  writes: Subjects['writes'],
  context: MatchContext,
): Match[] {
  const out: Match[] = [];
  for (const write of writes) {
    if (isOutside(write.path, context)) {
      out.push({ evidence: write.evidence, detail: write.path, key: write.path });
    }
  }
  for (const inv of invocations) {
    const written = writtenWords(inv);
    const path = written
      .map((w) => resolveWordPath(w.text, w.dynamic, { cwd: inv.cwd, home: context.home }))
      .find((p): p is string => p !== null && isOutside(p, context));
    if (path !== undefined) out.push({ evidence: inv.source, detail: path, key: inv.source });
  }
  return out;
}

/** The words of a command that name files it writes: output redirections and WRITING_COMMANDS operands. */
function writtenWords(inv: Invocation): ShellWord[] {
  const words = inv.redirects.filter((r) => r.op !== '<').map((r) => r.target);
  // sed -i / perl -pi edit their files in place: every operand after the script.
  if (inv.program === 'sed' || inv.program === 'perl') {
    const { flags, operands } = operandsOf(inv.args);
    const inPlace = flags.some(
      (f) => f === '--in-place' || f.startsWith('--in-place=') || /^-[A-Za-z]*i/.test(f),
    );
    return inPlace ? [...words, ...operands.slice(1)] : words;
  }
  const mode = WRITING_COMMANDS[inv.program];
  if (mode === undefined) return words;
  const target = targetDirectory(inv.args);
  if (target) return [...words, target];
  const { operands } = operandsOf(inv.args);
  const last = operands.at(-1);
  if (mode === 'all') return [...words, ...operands];
  // cp/mv with one operand is an error, not a write.
  return last !== undefined && operands.length > 1 ? [...words, last] : words;
}

/** cp/mv/install/ln -t DIR or --target-directory=DIR. */
function targetDirectory(args: readonly ShellWord[]): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const text = args[i]!.text;
    if (text === '-t' || text === '--target-directory') return args[i + 1];
    if (text.startsWith('--target-directory=')) {
      return { text: text.slice('--target-directory='.length), dynamic: args[i]!.dynamic };
    }
  }
  return undefined;
}
