import { describe, expect, it } from 'vitest';
import { decodeQueryCopy, encodeQueryCopy, buildQueryCopy, float32Down, float32Up, segmentCoords, segmentId, SEGMENT_COLUMNS, type ColumnName } from '../../../src/analysis/queryCopy';
import { CATEGORY_CODES } from '../../../src/domain/categories';
import { createQueryService } from '../../../src/analysis/queryService';
import { QueryClient, QueryWorkerError, type WorkerLike } from '../../../src/analysis/queryClient';
import type { WorkerRequest, WorkerResponse } from '../../../src/analysis/worker-protocol';
import type { LonLat } from '../../../src/domain/schema';
import { featureToSegment } from '../../../tools/query/network';

const line = (id: string, coords: LonLat[], props: Record<string, unknown> = {}, gid = 0) =>
  featureToSegment({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: { id, ...props } }, gid);

const segments = [
  line('JP-000001', [[106.5012345678901, 29.5012345678901], [106.502, 29.501], [106.503, 29.502]], { depth0: 1.23, depth1: 2.95, year: 2008 }, 0),
  line('燃气-甲', [[106.505, 29.505], [106.506, 29.506]], { cat: 'RQ', sub: 'TR', material: 'PE', dn: 160, owner: '重庆燃气' }, 1),
  line('GD-1', [[106.507, 29.507], [106.508, 29.507]], { cat: 'DL', sub: 'GD', dn: null, box: { w: 800, h: 600 } }, 2),
];

describe('float32 outward rounding', () => {
  it('never shrinks a box', () => {
    for (const x of [106.5012345678901, 29.5012345678901, -1.1, 0, 1e-30, 3]) {
      expect(float32Down(x)).toBeLessThanOrEqual(x);
      expect(float32Up(x)).toBeGreaterThanOrEqual(x);
      expect(Math.fround(float32Down(x))).toBe(float32Down(x));
      expect(Math.fround(float32Up(x))).toBe(float32Up(x));
      expect(float32Up(x) - float32Down(x)).toBeLessThanOrEqual(Math.abs(x) * 2 ** -22 + 1e-44);
    }
  });
});

describe('query copy', () => {
  it('survives encode → decode with every field, exact coordinates and a working index', () => {
    const a = buildQueryCopy(segments);
    const buf = encodeQueryCopy(a);
    expect(buf.byteLength % 8).toBe(0);
    const b = decodeQueryCopy(buf);
    expect(b.count).toBe(3);
    expect(Array.from(b.coords)).toEqual(Array.from(a.coords));
    expect(segmentCoords(b, 0)[0]).toEqual([106.5012345678901, 29.5012345678901]);
    expect([0, 1, 2].map((i) => segmentId(b, i))).toEqual(['JP-000001', '燃气-甲', 'GD-1']);
    expect(b.tables.owner[b.owner[1]]).toBe('重庆燃气');
    expect(b.boxW[2]).toBe(800);
    expect(b.dn[2]).toBe(0);
    expect(b.depth1[0]).toBeCloseTo(2.95, 5);
    expect(b.bbox).toEqual(a.bbox);
    expect(b.index!.search(106.5049, 29.5049, 106.5051, 29.5051)).toEqual([1]);
    // each segment's true box lies inside its (float32) index box
    for (let i = 0; i < b.count; i++) {
      const cs = segmentCoords(b, i);
      const hit = b.index!.search(Math.min(...cs.map((c) => c[0])), Math.min(...cs.map((c) => c[1])), Math.max(...cs.map((c) => c[0])), Math.max(...cs.map((c) => c[1])));
      expect(hit).toContain(i);
    }
  });

  it('every column of the table reads back, as built, with the value written by hand for each segment', () => {
    const b = decodeQueryCopy(encodeQueryCopy(buildQueryCopy(segments)));
    // what a reader of the segments above expects, column by column (strings through their tables)
    const want: Record<ColumnName, (number | string)[]> = {
      gid: [0, 1, 2],
      cat: ['JS', 'RQ', 'DL'],
      sub: ['JP', 'TR', 'GD'],
      material: ['QM', 'PE', 'QM'],
      burial: ['ZM', 'ZM', 'ZM'],
      owner: ['', '重庆燃气', ''],
      dn: [300, 160, 0],
      boxW: [0, 0, 800],
      boxH: [0, 0, 600],
      depth0: [1.23, 1.5, 1.5],
      depth1: [2.95, 1.5, 1.5],
      year: [2008, 2000, 2000],
    };
    expect(Object.keys(SEGMENT_COLUMNS).sort()).toEqual(Object.keys(want).sort());
    for (const name of Object.keys(want) as ColumnName[]) {
      const got = [0, 1, 2].map((i) => {
        const v = b[name][i];
        if (name === 'cat') return CATEGORY_CODES[v];
        if (name in b.tables) return b.tables[name as keyof typeof b.tables][v];
        return name.startsWith('depth') ? Math.round(v * 100) / 100 : v;
      });
      expect(got, name).toEqual(want[name]);
    }
  });

  it('rejects a buffer that is not a query copy', () => {
    expect(() => decodeQueryCopy(new ArrayBuffer(64))).toThrow(/magic/);
    expect(() => decodeQueryCopy(new ArrayBuffer(4))).toThrow(/short/);
  });

  it('refuses bad records while building', () => {
    expect(() => buildQueryCopy([{ ...segments[0], cat: 'XX' as never }])).toThrow(/category/);
    expect(() => buildQueryCopy([{ ...segments[0], coords: [[106.5, 29.5]] }])).toThrow(/2 positions/);
    expect(() => buildQueryCopy([{ ...segments[0], coords: [[106.5, NaN], [106.6, 29.6]] }])).toThrow(/non-finite/);
  });
});

describe('worker service and client', () => {
  const area = { type: 'Polygon', coordinates: [[[106.5, 29.5], [106.51, 29.5], [106.51, 29.51], [106.5, 29.51], [106.5, 29.5]]] };

  /** A fake Worker: messages go through structuredClone both ways, like postMessage. */
  function fakeWorker(): WorkerLike {
    const service = createQueryService(async () => encodeQueryCopy(buildQueryCopy(segments)));
    let listener: ((ev: MessageEvent<WorkerResponse>) => void) | null = null;
    return {
      postMessage(msg: WorkerRequest) {
        const req = structuredClone(msg);
        void service.handle(req).then((r) => listener?.({ data: structuredClone(r) } as MessageEvent<WorkerResponse>));
      },
      addEventListener(_t, l) {
        listener = l;
      },
    };
  }

  it('loads, queries, exports; errors come back typed', async () => {
    const client = new QueryClient(fakeWorker());
    await expect(client.query(area)).rejects.toMatchObject({ info: { code: 'not-loaded' } });
    await expect(client.export('csv')).rejects.toBeInstanceOf(QueryWorkerError);
    expect(await client.loadUrl('tiles/pipes/query.bin')).toBe(3);
    const r = await client.query(area, { categories: ['RQ', 'DL'] });
    expect(r.items.map((i) => i.id)).toEqual(['燃气-甲', 'GD-1']);
    const csv = await client.export('csv');
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.text).toContain('燃气-甲');
    const gj = JSON.parse((await client.export('geojson')).text);
    expect(gj.features).toHaveLength(3);
    await expect(client.query({ type: 'Point', coordinates: [1, 2] })).rejects.toMatchObject({ info: { code: 'not-polygon' } });
    await expect(client.query(area, { maxDepth: -2 })).rejects.toMatchObject({ info: { code: 'bad-filter' } });
    const bowtie = JSON.stringify({ type: 'Polygon', coordinates: [[[106.5, 29.5], [106.51, 29.51], [106.51, 29.5], [106.5, 29.51], [106.5, 29.5]]] });
    const err = await client.query(bowtie).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryWorkerError);
    expect((err as QueryWorkerError).info.code).toBe('self-intersecting');
    expect((err as QueryWorkerError).info.zh).toMatch(/自相交/);
  });

  it('a transferred buffer can be loaded directly', async () => {
    const service = createQueryService();
    const r = await service.handle({ type: 'load', requestId: 7, buffer: encodeQueryCopy(buildQueryCopy(segments)) });
    expect(r).toMatchObject({ type: 'loaded', requestId: 7, count: 3 });
    const q = await service.handle({ type: 'query', requestId: 8, area, options: { mode: 'within' } });
    expect(q.type === 'result' && q.result.items.length).toBe(3);
  });
});
