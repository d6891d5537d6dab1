/**
 * Fast NDJSON line reading: large synchronous reads split on '\n' (several times faster than node:readline for
 * millions of short lines). Yields each non-empty line as its bytes (a view valid until the next line) so callers
 * can both parse it and copy the raw record elsewhere without re-serialising.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 1 << 22;

/** Calls `onLine(bytes, lineNo)` for every non-blank line (1-based line numbers). Returns the number of lines. */
export function forEachLine(path: string, onLine: (line: Buffer, lineNo: number) => void): number {
  const fd = openSync(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let filled = 0; // bytes in buf not yet consumed, starting at 0
    let lineNo = 0;
    for (;;) {
      if (filled === buf.length) {
        // a line longer than the buffer: grow
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const r = readSync(fd, buf, filled, buf.length - filled, null);
      const end = filled + r;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(10, start);
        if (nl < 0 || nl >= end) break;
        lineNo++;
        let stop = nl;
        if (stop > start && buf[stop - 1] === 13) stop--;
        if (!isBlank(buf, start, stop)) onLine(buf.subarray(start, stop), lineNo);
        start = nl + 1;
      }
      if (r === 0) {
        if (start < end) {
          lineNo++;
          if (!isBlank(buf, start, end)) onLine(buf.subarray(start, end), lineNo);
        }
        return lineNo;
      }
      buf.copy(buf, 0, start, end);
      filled = end - start;
    }
  } finally {
    closeSync(fd);
  }
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
