/** The parts of a keyboard event a shortcut looks at; a plain object in tests. */
export interface KeyLike {
  key: string;
  code?: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export interface Shortcut {
  /** As shown in tooltips: "Shift+P", "Ctrl+,". */
  label: string;
  /** For aria-keyshortcuts. */
  aria: string;
  /** Has Ctrl/⌘ or Alt: may fire while the person types in a field. */
  chord: boolean;
  test(event: KeyLike): boolean;
}

const isMac = (): boolean => /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '');

/**
 * "P", "Shift+P", "Mod+,", "Alt+N", "Escape", "/". Mod is ⌘ on macOS and Ctrl elsewhere. Letters and digits
 * match by physical key (event.code), so Alt+N works on a Mac where Alt turns N into another character.
 */
export function shortcut(spec: string): Shortcut {
  const parts = spec.split('+');
  const key = parts.pop() === '' ? '+' : spec.slice(spec.lastIndexOf('+') + 1);
  const mods = new Set(parts);
  const mod = mods.has('Mod');
  const alt = mods.has('Alt');
  const shift = mods.has('Shift');
  const letter = /^[A-Z]$/i.test(key);
  const digit = /^[0-9]$/.test(key);
  const code = letter ? `Key${key.toUpperCase()}` : digit ? `Digit${key}` : null;
  const mac = isMac();
  const names = [mod ? (mac ? '⌘' : 'Ctrl') : null, alt ? (mac ? '⌥' : 'Alt') : null, shift ? 'Shift' : null];
  const shown = key === 'Escape' ? 'Esc' : letter ? key.toUpperCase() : key;
  return {
    label: [...names.filter(Boolean), shown].join('+'),
    aria: [mod ? (mac ? 'Meta' : 'Control') : null, alt ? 'Alt' : null, shift ? 'Shift' : null, key]
      .filter(Boolean)
      .join('+'),
    chord: mod || alt,
    test: (event) => {
      const modDown = mac ? event.metaKey : event.ctrlKey;
      const otherDown = mac ? event.ctrlKey : event.metaKey;
      if (modDown !== mod || otherDown || event.altKey !== alt) return false;
      if (code === null) return event.key === key;
      const same = event.code ? event.code === code : event.key.toLowerCase() === key.toLowerCase();
      return same && event.shiftKey === shift;
    },
  };
}
