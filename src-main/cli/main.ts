import { Command, CommanderError } from 'commander';
import { UserInputError } from '../coordinator/errors';
import { registerClean } from './commands/clean';
import { registerDoctor } from './commands/doctor';
import { registerEvents } from './commands/events';
import { registerMerge } from './commands/merge';
import { registerServe } from './commands/serve';
import { registerRun } from './commands/run';
import { registerSessions } from './commands/sessions';
import { EXIT } from './exit-codes';

function buildProgram(): Command {
  const program = new Command('orchestrate')
    .description('Run one coding task with claude, codex and gemini in parallel, headless.')
    .exitOverride()
    // Bad usage is one line like every other refusal, with where to look; the subcommands inherit this.
    .configureOutput({ outputError: (text, write) => write(`${usageLine(text)}\n`) });
  registerRun(program);
  registerEvents(program);
  registerSessions(program);
  registerDoctor(program);
  registerMerge(program);
  registerClean(program);
  registerServe(program);
  return program;
}

/** Entry of the headless CLI; bad usage or input is one message on stderr and exit 2. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
      return;
    }
    if (error instanceof UserInputError) {
      process.stderr.write(`orchestrate: ${error.message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    // A person reads this: one line saying what failed. The stack is for debugging, on request.
    const detail = process.env.ORCHESTRATOR_DEBUG
      ? ((error as Error).stack ?? String(error))
      : oneLine(error);
    process.stderr.write(`orchestrate: ${detail}\n`);
    process.exitCode = EXIT.failed;
  }
}

/** commander's "error: unknown option '--x'\n" as this CLI's one line. */
function usageLine(text: string): string {
  const message = text
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return `orchestrate: ${message} (run with --help for usage)`;
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim() || 'failed';
}

await main(process.argv.slice(2));
