import type { Event } from '../../src-shared/models';
import { describeEvent } from '../../src-shared/state/describe-event';

export type Write = (text: string) => void;

export const stdoutWrite: Write = (text) => void process.stdout.write(text);
export const stderrWrite: Write = (text) => void process.stderr.write(text);

/** `--json`: the normalized events exactly as events.jsonl stores them, one per line. */
export const printJsonEvents =
  (write: Write) =>
  (events: Event[]): void => {
    if (events.length > 0) write(`${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  };

/** Human progress: one readable line per event worth a person's attention. */
export const printHumanEvents =
  (write: Write) =>
  (events: Event[]): void => {
    const lines: string[] = [];
    for (const event of events) {
      const text = describeEvent(event);
      if (text === null) continue;
      const time = event.ts.slice(11, 19);
      lines.push(`${time} ${event.workerId ? `[${event.workerId}] ` : ''}${text}`);
    }
    if (lines.length > 0) write(`${lines.join('\n')}\n`);
  };
