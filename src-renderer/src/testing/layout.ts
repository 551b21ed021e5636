import { afterAll, beforeAll } from 'vitest';

/**
 * jsdom lays nothing out, so a virtualized list would show no rows. Gives every element a size (the
 * scrolling viewport 400 px high, each row 22 px) for the duration of a test file.
 */
export function withLayout(height = 400, rowHeight = 22): void {
  const original = HTMLElement.prototype.getBoundingClientRect;
  const saved = ['offsetHeight', 'clientHeight', 'clientWidth'].map(
    (name) =>
      [
        name,
        Object.getOwnPropertyDescriptor(Element.prototype, name) ??
          Object.getOwnPropertyDescriptor(HTMLElement.prototype, name),
      ] as const,
  );
  beforeAll(() => {
    HTMLElement.prototype.getBoundingClientRect = function (this: HTMLElement) {
      const h = this.classList.contains('virtual-row') ? rowHeight : height;
      return {
        x: 0,
        y: 0,
        top: 0,
        left: 0,
        width: 800,
        height: h,
        right: 800,
        bottom: h,
        toJSON: () => ({}),
      } as DOMRect;
    };
    const size = (of: (el: HTMLElement) => number) => ({
      configurable: true,
      get(this: HTMLElement) {
        return of(this);
      },
    });
    const rowOr = (el: HTMLElement) => (el.classList.contains('virtual-row') ? rowHeight : height);
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', size(rowOr));
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', size(rowOr));
    Object.defineProperty(
      HTMLElement.prototype,
      'clientWidth',
      size(() => 800),
    );
  });
  afterAll(() => {
    HTMLElement.prototype.getBoundingClientRect = original;
    for (const [name, descriptor] of saved) {
      delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name];
      if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor);
    }
  });
}
