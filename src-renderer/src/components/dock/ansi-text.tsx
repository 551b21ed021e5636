import { memo } from 'react';
import { ansiSpans } from '../../log/ansi';

/** One raw line with its terminal colours; React escapes every run (see ansiSpans). */
export const AnsiText = memo(function AnsiText({ line }: { line: string }) {
  return (
    <>
      {ansiSpans(line).map((span, i) =>
        span.className || span.color || span.background ? (
          <span
            key={i}
            className={span.className || undefined}
            style={
              span.color || span.background ? { color: span.color, background: span.background } : undefined
            }
          >
            {span.text}
          </span>
        ) : (
          span.text
        ),
      )}
    </>
  );
});
