/**
 * The one dataset reader (tools/dataset/read.ts): records in file order with their line numbers, CRLF and blank
 * lines accepted, a bad line named by file and line, meta.json's height mode checked.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError, forEachLine, forEachRecord, readMeta, readRecords } from '../../../tools/dataset/read';

const dir = mkdtempSync(join(tmpdir(), 'dataset-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dataset reader', () => {
  it('reads records in order with their line numbers and raw bytes; CRLF, blank lines and a missing last newline are fine', () => {
    writeFileSync(join(dir, 'segments.ndjson'), '{"gid":0,"id":"JS-1"}\r\n\n  \r\n{"gid":1,"id":"管-2"}\n{"gid":2,"id":"X"}');
    const seen: [number, string, number][] = [];
    const n = forEachRecord<{ gid: number; id: string }>(join(dir, 'segments.ndjson'), (r, line, lineNo) => {
      seen.push([r.gid, line.toString('utf8'), lineNo]);
    });
    expect(seen).toEqual([
      [0, '{"gid":0,"id":"JS-1"}', 1],
      [1, '{"gid":1,"id":"管-2"}', 4],
      [2, '{"gid":2,"id":"X"}', 5],
    ]);
    expect(n).toBe(5);
    expect(readRecords<{ id: string }>(dir, 'segments.ndjson').map((r) => r.id)).toEqual(['JS-1', '管-2', 'X']);
  });

  it('names the file and line of a record that is not JSON', () => {
    writeFileSync(join(dir, 'nodes.ndjson'), '{"gid":0}\n{"gid":1\n');
    expect(() => readRecords(dir, 'nodes.ndjson')).toThrow(new DatasetError('nodes.ndjson:2: not JSON'));
  });

  it('reads a line longer than its 4 MiB read buffer whole', () => {
    const long = 'x'.repeat((1 << 22) + 10);
    writeFileSync(join(dir, 'long.txt'), `a\n${long}\nb\n`);
    const lengths: number[] = [];
    forEachLine(join(dir, 'long.txt'), (line) => lengths.push(line.length));
    expect(lengths).toEqual([1, long.length, 1]);
  });

  it('checks meta.json: JSON, and a known height mode', () => {
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ name: 't', heightMode: 'ellipsoid', segmentCount: 3 }));
    expect(readMeta(dir).segmentCount).toBe(3);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ heightMode: 'geoid' }));
    expect(() => readMeta(dir)).toThrow(/heightMode must be "ellipsoid" or "absolute", got geoid/);
    writeFileSync(join(dir, 'meta.json'), '{');
    expect(() => readMeta(dir)).toThrow(DatasetError);
  });
});
