/** Reading the small e2e dataset (tmp/e2e/data) that the tests pick their pipes from. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipeSegment } from '../../src/domain/schema';

export function readNdjson<T>(dataDir: string, file: string): T[] {
  return readFileSync(join(dataDir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Length in degrees: enough to rank pipes by how easy they are to see and click. */
export function lengthDeg(s: PipeSegment): number {
  let L = 0;
  for (let i = 1; i < s.coords.length; i++) {
    L += Math.hypot(s.coords[i][0] - s.coords[i - 1][0], s.coords[i][1] - s.coords[i - 1][1]);
  }
  return L;
}

/** A big, long water main on land: the easiest pipe for a person to click. */
export function knownPipe(dataDir: string): PipeSegment {
  const candidates = readNdjson<PipeSegment>(dataDir, 'segments.ndjson').filter(
    (s) => s.cat === 'JS' && s.crossing === null && s.dn !== null,
  );
  candidates.sort((a, b) => (b.dn ?? 0) * lengthDeg(b) - (a.dn ?? 0) * lengthDeg(a));
  const pipe = candidates[0];
  if (!pipe) throw new Error('the e2e dataset has no water main');
  return pipe;
}
