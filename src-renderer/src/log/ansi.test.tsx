// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AnsiText } from '../components/dock/ansi-text';
import { ansiSpans, paletteRgb } from './ansi';

afterEach(cleanup);

describe('ANSI rendering', () => {
  it('keeps markup in a raw line as text: nothing it holds becomes an element', () => {
    const line = '\u001b[31m<img src=x onerror="alert(1)">\u001b[0m <script>alert(2)</script> &amp;';
    const { container } = render(
      <div>
        <AnsiText line={line} />
      </div>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror="alert(1)"> <script>alert(2)</script> &amp;');
    expect(container.innerHTML).toContain('&lt;img src=x');
    expect(container.querySelector('span.ansi-red-fg')?.textContent).toBe('<img src=x onerror="alert(1)">');
  });

  it('maps named colours to classes and 256 / true colours to styles', () => {
    expect(ansiSpans('\u001b[1;32mok\u001b[0m')).toEqual([
      { text: 'ok', className: 'ansi-green-fg ansi-bold' },
    ]);
    expect(ansiSpans('\u001b[38;5;208mor')[0]).toMatchObject({ color: paletteRgb(208) });
    expect(ansiSpans('\u001b[38;2;10;20;30mtc')[0]).toMatchObject({ color: 'rgb(10, 20, 30)' });
    expect(ansiSpans('plain {"type":"x"}')).toEqual([{ text: 'plain {"type":"x"}', className: '' }]);
    expect(paletteRgb(196)).toBe('rgb(255, 0, 0)');
    expect(paletteRgb(232)).toBe('rgb(8, 8, 8)');
  });
});
