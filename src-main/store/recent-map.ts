/**
 * A map that keeps only the `keep` entries used last, for caches of what is costly to rebuild but
 * cheap to drop (file indexes, searches): reading an entry or setting it makes it the newest, and
 * setting one beyond `keep` drops the oldest.
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly keep: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // A Map iterates in insertion order: taken out and put back, the entry is the newest.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.keep) break;
      this.entries.delete(oldest);
    }
  }
}
