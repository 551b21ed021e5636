import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { StreamFormat, type Event } from '../../../src-shared/models';
import { loadConfig } from '../../config/load-config';
import { UserInputError } from '../../coordinator/errors';
import { adapterFor, adapterForFormat } from '../../agents/registry';
import { EventHub } from '../../store/event-hub';
import { LineSplitter } from '../../workers/line-splitter';
import { printJsonEvents, stdoutWrite } from '../output';

interface EventsOptions {
  agent: string;
  format?: string;
  config?: string;
}

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description("normalize a CLI's raw headless output (or a worker's raw.jsonl) to Event JSONL")
    .argument('<file>', 'the raw output file, or - for stdin')
    .requiredOption(
      '--agent <name>',
      'which CLI printed it: claude, codex, gemini, or a custom agent of the config',
    )
    .option(
      '--format <format>',
      `stream format for an agent not in the config (${StreamFormat.options.join(', ')})`,
    )
    .option('--config <file>', 'config file declaring custom agents')
    .action(async (file: string, options: EventsOptions) => {
      await normalize(file, options);
    });
}

async function normalize(file: string, options: EventsOptions): Promise<void> {
  const adapter = options.format
    ? adapterForFormat(parseFormat(options.format))
    : adapterFor(
        options.agent,
        options.config ? loadConfig(options.config).agents[options.agent] : undefined,
      );
  if (!adapter) {
    throw new UserInputError(
      `unknown agent "${options.agent}": use claude, codex, gemini, or --format`,
      'bad_agents',
    );
  }
  const parser = adapter.createParser();
  const hub = new EventHub({ sessionId: file === '-' ? 'stdin' : file, historyLimit: 1 });
  const print = printJsonEvents(stdoutWrite);
  const out: Event[] = [];
  let lineNo = 0;
  const splitter = new LineSplitter((lines) => {
    for (const line of lines) {
      lineNo += 1;
      for (const d of parser.push(line, lineNo)) out.push(hub.emit(d, options.agent));
    }
    print(out.splice(0));
  });
  const input = file === '-' ? process.stdin : createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    input.on('data', (chunk: Buffer | string) => splitter.write(chunk));
    input.on('end', () => resolve());
    input.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new UserInputError(
          `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
          'bad_input',
        ),
      ),
    );
  });
  splitter.end();
  for (const d of parser.end()) out.push(hub.emit(d, options.agent));
  print(out);
}

function parseFormat(format: string): StreamFormat {
  const parsed = StreamFormat.safeParse(format);
  if (!parsed.success) {
    throw new UserInputError(
      `unknown format "${format}" (known: ${StreamFormat.options.join(', ')})`,
      'bad_input',
    );
  }
  return parsed.data;
}
