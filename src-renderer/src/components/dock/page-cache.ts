import { messageOf } from '../../store/types';

export interface Loaded<T> {
  items: T[];
  /** Items in the whole list, as the answer counted them. */
  total: number;
}

/**
 * Pages of a long list read from the app on demand, by page number. A full page never changes, so it is
 * read once; only an unfinished last page is read again (forced). The pages read least lately are
 * forgotten past `keep`, so scrolling through a million lines holds a few thousand.
 */
export class PageCache<T> {
  private readonly pages = new Map<number, T[]>();
  private readonly loading = new Set<number>();
  private closed = false;

  constructor(
    readonly pageSize: number,
    private readonly load: (from: number, count: number) => Promise<Loaded<T>>,
    private readonly onPage: (total: number) => void,
    private readonly onError: (message: string) => void,
    private readonly keep = 40,
  ) {}

  item(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  has(page: number): boolean {
    return this.pages.has(page);
  }

  /** Loads the pages holding rows first..last that are missing, or that were read before those rows existed. */
  ensureRows(first: number, last: number): void {
    if (last < first) return;
    for (let page = Math.floor(first / this.pageSize); page <= Math.floor(last / this.pageSize); page++) {
      const held = this.pages.get(page);
      const needed = Math.min(last, (page + 1) * this.pageSize - 1);
      if (held && page * this.pageSize + held.length > needed) {
        this.pages.delete(page);
        this.pages.set(page, held);
      } else this.ensure(page, held !== undefined);
    }
  }

  ensure(page: number, force = false): void {
    const held = this.pages.get(page);
    if (held) {
      // Read lately: it goes to the end of the forgetting order.
      this.pages.delete(page);
      this.pages.set(page, held);
    }
    if (this.closed || this.loading.has(page) || (!force && held?.length === this.pageSize)) return;
    this.loading.add(page);
    this.load(page * this.pageSize + 1, this.pageSize)
      .then(({ items, total }) => {
        if (this.closed) return;
        this.pages.delete(page);
        this.pages.set(page, items);
        for (const old of this.pages.keys()) {
          if (this.pages.size <= this.keep) break;
          this.pages.delete(old);
        }
        this.onPage(total);
      })
      .catch((error: unknown) => {
        if (!this.closed) this.onError(messageOf(error));
      })
      .finally(() => this.loading.delete(page));
  }

  /** Forgets every page, e.g. when the list it pages changed. */
  clear(): void {
    this.pages.clear();
  }

  close(): void {
    this.closed = true;
  }
}
