import { describe, expect, it } from 'vitest';
import { GrowableList } from './growable-list';

describe('GrowableList', () => {
  it('keeps every value in order while it grows far past its first capacity', () => {
    const list = new GrowableList(Uint32Array, 2);
    expect(list.length).toBe(0);
    for (let i = 0; i < 1000; i++) list.push(i * 3);
    expect(list.length).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(list.at(i)).toBe(i * 3);
    expect(list.slice(0, 1000)).toEqual(Array.from({ length: 1000 }, (_, i) => i * 3));
  });

  it('stores values as its element type does: bytes for ids, 64-bit floats for offsets past 4 GB', () => {
    const bytes = new GrowableList(Uint8Array, 1);
    bytes.push(255);
    bytes.push(7);
    expect([bytes.at(0), bytes.at(1)]).toEqual([255, 7]);
    const offsets = new GrowableList(Float64Array, 1);
    const past4GB = 2 ** 32 + 17;
    offsets.push(past4GB);
    offsets.push(past4GB * 2);
    expect([offsets.at(0), offsets.at(1)]).toEqual([past4GB, past4GB * 2]);
  });

  it('finds the last value at or below a target, -1 below them all', () => {
    const list = new GrowableList(Float64Array, 1);
    for (const value of [0, 10, 10, 20, 30]) list.push(value);
    expect(list.floor(-1)).toBe(-1);
    expect(list.floor(0)).toBe(0);
    expect(list.floor(9)).toBe(0);
    expect(list.floor(10)).toBe(2);
    expect(list.floor(25)).toBe(3);
    expect(list.floor(1e12)).toBe(4);
    expect(new GrowableList(Float64Array, 4).floor(5)).toBe(-1);
  });

  it('finds the first value at or above a target, length above them all', () => {
    const list = new GrowableList(Uint32Array, 1);
    for (const value of [1, 5, 5, 9]) list.push(value);
    expect(list.lowerBound(0)).toBe(0);
    expect(list.lowerBound(5)).toBe(1);
    expect(list.lowerBound(6)).toBe(3);
    expect(list.lowerBound(10)).toBe(4);
    expect(new GrowableList(Uint32Array, 4).lowerBound(5)).toBe(0);
  });

  it('slices only what was pushed, never the spare capacity', () => {
    const list = new GrowableList(Uint32Array, 16);
    for (const value of [4, 8, 15]) list.push(value);
    expect(list.slice(1, 100)).toEqual([8, 15]);
    expect(list.slice(3, 10)).toEqual([]);
    expect(list.slice(5, 10)).toEqual([]);
  });
});
