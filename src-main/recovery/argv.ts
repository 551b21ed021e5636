import type { StreamFormat } from '../../src-shared/models';
import { ARITY } from './arity';

/** One option with its values, a positional, or `--` with everything after it. */
export interface ArgGroup {
  start: number;
  /** Exclusive. */
  end: number;
  /** The flag's name (`--flag` for `--flag=value`), `--` for the separator, null for a positional. */
  flag: string | null;
  tokens: readonly string[];
}

const isFlag = (token: string): boolean => token.startsWith('-') && token.length > 1;

/** Splits an argv into option groups, stepping over each flag's values as its CLI would. */
export function scanArgs(format: StreamFormat, args: readonly string[]): ArgGroup[] {
  const arity = ARITY[format];
  const groups: ArgGroup[] = [];
  let i = 0;
  while (i < args.length) {
    const token = args[i] as string;
    if (token === '--') {
      groups.push({ start: i, end: args.length, flag: '--', tokens: args.slice(i) });
      break;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    if (eq > 0) {
      groups.push({ start: i, end: i + 1, flag: token.slice(0, eq), tokens: [token] });
      i++;
      continue;
    }
    // hasOwn: a prompt such as "constructor" must not find Object.prototype's members.
    const kind = Object.hasOwn(arity, token) ? arity[token] : undefined;
    let end = i + 1;
    if (kind === 1 && end < args.length && args[end] !== '--') end++;
    else if (kind === 'optional' && end < args.length && !isFlag(args[end] as string)) end++;
    else if (kind === 'variadic') while (end < args.length && !isFlag(args[end] as string)) end++;
    const flag = isFlag(token) || kind !== undefined ? token : null;
    groups.push({ start: i, end, flag, tokens: args.slice(i, end) });
    i = end;
  }
  return groups;
}

export interface ArgLayout {
  /** Index where the prompt begins: nothing from here on is removed or reordered. */
  promptAt: number;
  /** Index where added flags go. */
  insertAt: number;
}

const lastPositional = (groups: readonly ArgGroup[], skipFirst: boolean): ArgGroup | undefined =>
  groups.filter((g) => g.flag === null && !(skipFirst && g.start === 0)).at(-1);

/**
 * Where each adapter puts the prompt (src-main/agents/<cli>/command.ts), and so where new flags go: claude
 * after `--`; codex as the last positional, with `resume <id>` before it taking only a few flags of its own
 * (cli notes codex §1), so flags go before `resume`; gemini as `-p <prompt>` (or `--prompt=…`) at the end.
 */
export function argLayout(format: StreamFormat, args: readonly string[]): ArgLayout {
  const groups = scanArgs(format, args);
  const separator = groups.find((g) => g.flag === '--');
  if (format === 'gemini-stream-json') {
    const prompt = groups.filter((g) => g.flag === '-p' || g.flag === '--prompt').at(-1);
    const promptAt = (prompt ?? separator ?? lastPositional(groups, false))?.start ?? args.length;
    return { promptAt, insertAt: promptAt };
  }
  if (format === 'codex-exec-json') {
    // `exec` itself is the first positional, never the prompt.
    const promptAt = (separator ?? lastPositional(groups, true))?.start ?? args.length;
    const resume = groups.find((g) => g.flag === 'resume' && g.start < promptAt);
    return { promptAt, insertAt: resume?.start ?? promptAt };
  }
  const promptAt = (separator ?? lastPositional(groups, false))?.start ?? args.length;
  return { promptAt, insertAt: promptAt };
}

/** The argv without the named flags (and their values) before the prompt. */
export function removeFlags(
  format: StreamFormat,
  args: readonly string[],
  flags: readonly string[],
): string[] {
  if (flags.length === 0) return [...args];
  const { promptAt } = argLayout(format, args);
  const drop = new Set(flags);
  return scanArgs(format, args).flatMap((g) =>
    g.start < promptAt && g.flag !== null && drop.has(g.flag) ? [] : [...g.tokens],
  );
}

/**
 * The argv with new flags at the format's insertion point. A codex `resume <id>` being added is the exception:
 * it goes after every flag, right before the prompt, as the adapter writes it.
 */
export function insertFlags(
  format: StreamFormat,
  args: readonly string[],
  added: readonly string[],
): string[] {
  const { insertAt, promptAt } = argLayout(format, args);
  const groups = scanArgs(format, added);
  const last = (g: ArgGroup) => format === 'codex-exec-json' && g.flag === 'resume';
  const flags = groups.filter((g) => !last(g)).flatMap((g) => g.tokens);
  const trailing = groups.filter(last).flatMap((g) => g.tokens);
  return [
    ...args.slice(0, insertAt),
    ...flags,
    ...args.slice(insertAt, promptAt),
    ...trailing,
    ...args.slice(promptAt),
  ];
}

function optionSet(format: StreamFormat, args: readonly string[]): { options: Set<string>; prompt: string } {
  const { promptAt } = argLayout(format, args);
  const options = new Set(scanArgs(format, args.slice(0, promptAt)).map((g) => g.tokens.join('\u0000')));
  return { options, prompt: args.slice(promptAt).join('\u0000') };
}

/** Same options (order and repeats aside) and the same prompt: relaunching with b changes nothing. */
export function sameOptions(format: StreamFormat, a: readonly string[], b: readonly string[]): boolean {
  const x = optionSet(format, a);
  const y = optionSet(format, b);
  return (
    x.prompt === y.prompt &&
    x.options.size === y.options.size &&
    [...x.options].every((o) => y.options.has(o))
  );
}
