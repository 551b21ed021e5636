import Anser from 'anser';

export interface AnsiSpan {
  text: string;
  className: string;
  color?: string;
  background?: string;
}

/** xterm's 256-colour palette: 16 named (styled by class), a 6×6×6 cube, then 24 greys. */
export function paletteRgb(index: number): string {
  if (index >= 232) {
    const level = 8 + (index - 232) * 10;
    return `rgb(${level}, ${level}, ${level})`;
  }
  const cube = index - 16;
  const step = (n: number): number => (n === 0 ? 0 : 55 + n * 40);
  return `rgb(${step(Math.floor(cube / 36))}, ${step(Math.floor(cube / 6) % 6)}, ${step(cube % 6)})`;
}

function colour(value: string | null, truecolor: string | null, side: 'fg' | 'bg') {
  if (!value) return {};
  if (value === 'ansi-truecolor' && truecolor) return { css: `rgb(${truecolor})` };
  const palette = /^ansi-palette-(\d+)$/.exec(value);
  if (palette) return { css: paletteRgb(Number(palette[1])) };
  // The 16 named colours become classes, so each theme picks shades readable on its own background.
  return { className: `${value}-${side}` };
}

/**
 * A raw output line as styled text runs. The text stays text: the view renders each run as a React child,
 * which escapes it, so a line holding "<img onerror=…>" shows those characters and never becomes markup.
 */
export function ansiSpans(line: string): AnsiSpan[] {
  if (!line.includes('\u001b')) return [{ text: line, className: '' }];
  const entries = Anser.ansiToJson(line, { json: true, remove_empty: true, use_classes: true });
  return entries.map((entry) => {
    const fg = colour(entry.fg, entry.fg_truecolor, 'fg');
    const bg = colour(entry.bg, entry.bg_truecolor, 'bg');
    const classes = [fg.className, bg.className, ...entry.decorations.map((d) => `ansi-${d}`)];
    return {
      text: entry.content,
      className: classes.filter(Boolean).join(' '),
      ...(fg.css ? { color: fg.css } : {}),
      ...(bg.css ? { background: bg.css } : {}),
    };
  });
}
