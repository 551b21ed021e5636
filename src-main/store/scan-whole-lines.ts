import { open } from 'node:fs/promises';

/** Bytes read per step; between steps the event loop runs. */
const SCAN_CHUNK = 4 << 20;

/**
 * Hands the lines of a file's bytes [from, to) to `consume`, a chunk of whole lines at a time with the
 * file offset it starts at, each line once and in order. The range must be whole lines, as an index of
 * the file found them: `from` a line start and `to` just after a newline (or past the end of the file,
 * where the scan stops early). A line longer than a chunk is read again with a buffer twice the size,
 * until it fits. The chunk is a view of a buffer reused for the next one: `consume` must not keep it.
 */
export async function scanWholeLines(
  path: string,
  from: number,
  to: number,
  consume: (lines: Buffer, at: number) => void,
  chunkSize = SCAN_CHUNK,
): Promise<void> {
  if (from >= to) return;
  const handle = await open(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(chunkSize);
    for (let at = from; at < to;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, to - at), at);
      if (bytesRead === 0) return;
      const whole = buffer.lastIndexOf(0x0a, bytesRead - 1) + 1;
      if (whole === 0) {
        buffer = Buffer.allocUnsafe(buffer.length * 2);
        continue;
      }
      consume(buffer.subarray(0, whole), at);
      at += whole;
    }
  } finally {
    await handle.close();
  }
}
