/**
 * The one reader of the dataset format (src/domain/schema.ts): `meta.json` and the NDJSON record files
 * `segments.ndjson` / `nodes.ndjson` (one record per line, gid order). Used by the tiler, the query copy and network
 * builders, the feed simulator, the preview and the checks.
 *
 * Lines are read with large synchronous reads split on '\n' (several times faster than node:readline for millions
 * of short lines); CRLF line ends and blank lines are accepted. A line that is not JSON is a DatasetError naming the
 * file and line.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DatasetMeta } from '../../src/domain/schema';

export type RecordFile = 'segments.ndjson' | 'nodes.ndjson';

/** Bad input: `<file>:<line>: <what>`. */
export class DatasetError extends Error {}

const CHUNK = 1 << 22;

/**
 * Calls `onLine(bytes, lineNo)` for every non-blank line of a file (1-based line numbers; the bytes are a view valid
 * until the next line, so a caller can copy the raw record elsewhere without re-serialising). Returns the number of
 * lines.
 */
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

/**
 * Calls `onRecord(record, line, lineNo)` for every record of an NDJSON file, parsed (not checked: the caller knows
 * what it needs). `line` is the record's raw bytes (valid during the call).
 */
export function forEachRecord<T>(path: string, onRecord: (record: T, line: Buffer, lineNo: number) => void): number {
  const file = basename(path);
  return forEachLine(path, (line, lineNo) => {
    let record: T;
    try {
      record = JSON.parse(line.toString('utf8')) as T;
    } catch {
      throw new DatasetError(`${file}:${lineNo}: not JSON`);
    }
    onRecord(record, line, lineNo);
  });
}

/** All records of a dataset's record file, in file order (small datasets: previews, checks, tests). */
export function readRecords<T>(dir: string, file: RecordFile): T[] {
  const out: T[] = [];
  forEachRecord<T>(join(dir, file), (r) => out.push(r));
  return out;
}

/** A dataset's meta.json, with its height mode checked. */
export function readMeta(dir: string): DatasetMeta {
  let meta: DatasetMeta;
  try {
    meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as DatasetMeta;
  } catch (e) {
    if (e instanceof SyntaxError) throw new DatasetError('meta.json: not JSON');
    throw e;
  }
  if (meta.heightMode !== 'ellipsoid' && meta.heightMode !== 'absolute') {
    throw new DatasetError(`meta.json: heightMode must be "ellipsoid" or "absolute", got ${String(meta.heightMode)}`);
  }
  return meta;
}
