// @ts-check
// Why this exists: claude (commander) and codex (clap) split their argv by the same rules; only their flags differ.

/** The args after the current option, from which it takes its values. @typedef {{ hasValue: () => boolean, take: () => string }} Rest */

/**
 * Walks argv the way commander and clap do: "--" ends the options, a word that does not start with "-" (or "-"
 * alone) is a positional, "--name=value" carries its own value. Each option goes to `onOption` with that inline
 * value (null without one) and the rest of argv: `rest.hasValue()` says whether the next arg is not an option,
 * `rest.take()` consumes it.
 * @param {string[]} argv
 * @param {(name: string, inline: string | null, rest: Rest) => void} onOption
 * @returns {string[]} the positionals, in order
 */
export function walkArgv(argv, onOption) {
  /** @type {string[]} */
  const positionals = [];
  let i = 0;
  /** @type {Rest} */
  const rest = {
    hasValue: () => i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('-'),
    take: () => argv[++i] ?? '',
  };
  for (; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    onOption(eq > 0 ? arg.slice(0, eq) : arg, eq > 0 ? arg.slice(eq + 1) : null, rest);
  }
  return positionals;
}
