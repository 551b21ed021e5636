import type { Event } from '../../src-shared/models';
import { describeEvent } from '../../src-shared/state/describe-event';
import { jsonTerminalSafe, terminalSafe } from './terminal-safe';

export type Write = (text: string) => void;

export const stdoutWrite: Write = (text) => void process.stdout.write(text);
export const stderrWrite: Write = (text) => void process.stderr.write(text);

/**
 * `--json`: the normalized events as events.jsonl stores them, one per line. JSON escapes every C0 control
 * already; C1 controls are escaped too, so no agent text can reach the terminal as a control sequence.
 */
export const printJsonEvents =
  (write: Write) =>
  (events: Event[]): void => {
    if (events.length > 0) write(`${events.map((e) => jsonTerminalSafe(JSON.stringify(e))).join('\n')}\n`);
  };

/**
 * Human progress: one readable line per event worth a person's attention, cleaned of control sequences,
 * since most of it is what the agents wrote.
 */
export const printHumanEvents =
  (write: Write) =>
  (events: Event[]): void => {
    const lines: string[] = [];
    for (const event of events) {
      const described = describeEvent(event);
      if (described === null) continue;
      const text = terminalSafe(described);
      const time = event.ts.slice(11, 19);
      lines.push(`${time} ${event.workerId ? `[${event.workerId}] ` : ''}${text}`);
    }
    if (lines.length > 0) write(`${lines.join('\n')}\n`);
  };
