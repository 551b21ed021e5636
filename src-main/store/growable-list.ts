/** The typed arrays the store keeps numbers in: a byte per id, 32 bits per line number, 64 per file offset. */
type NumberArray = Uint8Array | Uint32Array | Float64Array;

/**
 * A list of numbers in a typed array that doubles when full: a million entries cost the array itself,
 * not a million boxed numbers.
 */
export class GrowableList {
  private data: NumberArray;
  private count = 0;

  constructor(
    private readonly ArrayType: new (length: number) => NumberArray,
    capacity: number,
  ) {
    this.data = new ArrayType(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.data.length) {
      const bigger = new this.ArrayType(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.count++] = value;
  }

  /** Unchecked, since the indexes read it once per line: callers keep index < length. */
  at(index: number): number {
    return this.data[index]!;
  }

  /** The last index whose value is <= target (values ascending), or -1. */
  floor(target: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.data[mid]! <= target) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The first index whose value is >= target (values ascending), or length. */
  lowerBound(target: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.data[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Entries [from, to) as a plain array, cut at length. */
  slice(from: number, to: number): number[] {
    return Array.from(this.data.subarray(from, Math.min(to, this.count)));
  }
}
