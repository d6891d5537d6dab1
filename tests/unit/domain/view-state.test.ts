/** The shareable view in the URL hash (src/domain/viewState.ts): round trips, compactness, what is ignored and said. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeViewState, encodeViewState, quantize, type ViewState } from '../../../src/domain/viewState';

const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const id = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,20}$/);
const lonLat = fc.tuple(fc.double({ min: 106, max: 107, noNaN: true }), fc.double({ min: 29, max: 30, noNaN: true }));
const state: fc.Arbitrary<ViewState> = fc.record(
  {
    camera: fc.record({
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      height: fc.double({ min: -500, max: 1e7, noNaN: true }),
      heading: fc.double({ min: -360, max: 360, noNaN: true }),
      pitch: fc.double({ min: -90, max: 90, noNaN: true }),
    }),
    colorMode: fc.constantFrom('category' as const, 'status' as const),
    underground: fc.constant(true),
    hiddenCategories: fc.array(name, { minLength: 1, maxLength: 5 }),
    hiddenOverlays: fc.array(name, { minLength: 1, maxLength: 5 }),
    selection: id,
    area: fc.array(lonLat, { minLength: 3, maxLength: 60 }),
    screen: fc.constant(true),
    unit: id,
  },
  { requiredKeys: [] },
);

describe('view state in the URL', () => {
  it('property: decode(encode(s)) is s as encoded (rounded), with nothing reported', () => {
    fc.assert(
      fc.property(state, (s) => {
        const hash = encodeViewState(s);
        const { state: back, problems } = decodeViewState(`#${hash}`);
        expect(problems).toEqual([]);
        expect(back).toEqual(quantize(s));
        // and again: a restored view shares the same link
        expect(encodeViewState(back)).toBe(hash);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a drawn 200-vertex area compact (well under the 5,000 characters of Terria links)', () => {
    const ring: [number, number][] = Array.from({ length: 200 }, (_, k) => {
      const t = (k / 200) * 2 * Math.PI;
      return [106.55 + 0.01 * Math.cos(t), 29.56 + 0.008 * Math.sin(t)];
    });
    const hash = encodeViewState({ camera: { lon: 106.55, lat: 29.56, height: 1500, heading: 10, pitch: -45 }, area: ring });
    expect(hash.length).toBeLessThan(2000);
    expect(decodeViewState(hash).state.area).toEqual(quantize({ area: ring }).area);
  });

  it('reports unknown keys, a newer version and bad values, and keeps the rest', () => {
    const { state: s, problems } = decodeViewState('#v=2&c=106.5,29.5,900,0,-45&zz=1&m=x&s=%3Cscript%3E&au=500103');
    expect(s).toEqual({ camera: { lon: 106.5, lat: 29.5, height: 900, heading: 0, pitch: -45 }, unit: '500103' });
    expect(problems).toEqual(
      expect.arrayContaining([
        { key: 'v', reason: 'newerVersion' },
        { key: 'zz', reason: 'unknownKey' },
        { key: 'm', reason: 'badValue' },
        { key: 's', reason: 'badValue' },
      ]),
    );
    expect(problems).toHaveLength(4);
    expect(decodeViewState('#c=1,2,3').problems).toEqual([{ key: 'v', reason: 'noVersion' }, { key: 'c', reason: 'badValue' }]);
  });
});
