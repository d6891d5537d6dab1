/**
 * The roll-up (src/analysis/rollup.ts): a hand-worked case (one district, two streets, three grids), the grid locator,
 * and the property that at every level the units' figures plus what lies outside every grid equal the city's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAdminUnits, type AdminIndex, type AdminLevel } from '../../../src/domain/adminUnits';
import { addFigures, emptyFigures, goodShare, GridLocator, rollup, type RollupInput, type UnitFigures } from '../../../src/analysis/rollup';

/** a unit square (0.01°) with its south-west corner at (106.5 + x/100, 29.5 + y/100) */
function square(x: number, y: number): number[][][] {
  const w = 106.5 + x / 100;
  const s = 29.5 + y / 100;
  return [[[w, s], [w + 0.01, s], [w + 0.01, s + 0.01], [w, s + 0.01], [w, s]]];
}

const feature = (id: string, level: AdminLevel, parent: string | null, rings: number[][][]) => ({
  type: 'Feature',
  properties: { id, level, name: id, nameEn: id, parent },
  geometry: { type: 'Polygon', coordinates: rings },
});

/** D1 ⊃ S1 ⊃ {G1 (0,0), G2 (1,0)}, D1 ⊃ S2 ⊃ {G3 (0,1)}; the district's and streets' outlines are not needed here */
const FILE = {
  type: 'FeatureCollection',
  features: [
    feature('D1', 'district', null, square(0, 0)),
    feature('S1', 'street', 'D1', square(0, 0)),
    feature('S2', 'street', 'D1', square(0, 1)),
    feature('G1', 'grid', 'S1', square(0, 0)),
    feature('G2', 'grid', 'S1', square(1, 0)),
    feature('G3', 'grid', 'S2', square(0, 1)),
  ],
};

describe('roll-up', () => {
  const { tree, problems } = parseAdminUnits(FILE);
  const index: AdminIndex = {
    version: 1,
    assets: { 'JS-1': 'G1', 'PS-2': 'G2', 'RQ-3': 'G3', 'SEC-1': 'G3' },
    pipeLengthM: { G1: { JS: 100 }, G2: { JS: 50, PS: 20 }, G3: { RQ: 5 } },
  };

  it('counts each item in its grid and sums it upward (worked by hand)', () => {
    expect(problems).toEqual([]);
    const r = rollup({
      tree,
      index,
      alarms: [
        { id: 'JS-1', severity: 'alarm', group: 'JS' },
        { id: 'PS-2', severity: 'warning', group: 'PS' },
        { id: 'SEC-1', severity: 'alarm', group: 'section' },
        { id: 'XX-9', severity: 'alarm', group: null }, // in no grid
      ],
      sensors: [
        { asset: 'JS-1', online: true },
        { asset: 'JS-1', online: false },
        { asset: 'RQ-3', online: true },
      ],
      sections: [{ id: 'SEC-1', cls: 4, stale: false }],
      incidents: [
        { open: true, asset: 'PS-2', location: null },
        { open: true, asset: null, location: [106.515, 29.505] }, // inside G2
        { open: false, asset: 'JS-1', location: null },
      ],
      locate: (lon, lat) => new GridLocator(tree).locate(lon, lat),
    });
    const f = (id: string): UnitFigures => r.byUnit.get(id) ?? emptyFigures();
    expect(f('G1')).toMatchObject({ alarms: 1, warnings: 0, sensors: 2, sensorsOnline: 1, openIncidents: 0, pipeLengthM: { JS: 100 } });
    expect(f('G2')).toMatchObject({ alarms: 0, warnings: 1, openIncidents: 2, pipeLengthM: { JS: 50, PS: 20 } });
    expect(f('S1')).toMatchObject({ alarms: 1, warnings: 1, alarmsByGroup: { JS: 1 }, sensors: 2, openIncidents: 2, pipeLengthM: { JS: 150, PS: 20 } });
    expect(f('S2')).toMatchObject({ alarms: 1, alarmsByGroup: { section: 1 }, sensors: 1, sensorsOnline: 1, sectionsByClass: [0, 0, 0, 0, 1, 0, 0] });
    expect(f('D1')).toMatchObject({ alarms: 2, warnings: 1, sensors: 3, sensorsOnline: 2, openIncidents: 2, pipeLengthM: { JS: 150, PS: 20, RQ: 5 } });
    expect(r.outside.alarms).toBe(1);
    expect(r.city.alarms).toBe(3);
    expect(goodShare(f('D1'))).toBe(0); // the one section is class IV
  });

  it('locates a point in its grid, and nowhere outside the grids', () => {
    const loc = new GridLocator(tree);
    expect(loc.locate(106.505, 29.505)).toBe('G1');
    expect(loc.locate(106.515, 29.505)).toBe('G2');
    expect(loc.locate(106.505, 29.515)).toBe('G3');
    expect(loc.locate(106.515, 29.515)).toBeNull();
  });

  it('property: at every level the units plus what lies outside equal the city, and the city equals the input', () => {
    const ids = ['JS-1', 'PS-2', 'RQ-3', 'SEC-1', 'XX-9', 'YY-8'];
    const alarm = fc.record({ id: fc.constantFrom(...ids), severity: fc.constantFrom('alarm' as const, 'warning' as const), group: fc.constantFrom('JS', 'PS', 'section', null) });
    const sensor = fc.record({ asset: fc.constantFrom(...ids), online: fc.boolean() });
    const section = fc.record({ id: fc.constantFrom(...ids), cls: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }), stale: fc.boolean() });
    const incident = fc.record({ open: fc.boolean(), asset: fc.option(fc.constantFrom(...ids), { nil: null }), location: fc.constant(null) });
    const mapping = fc.dictionary(fc.constantFrom(...ids), fc.constantFrom('G1', 'G2', 'G3', 'S1', 'NOPE'));
    fc.assert(
      fc.property(fc.array(alarm), fc.array(sensor), fc.array(section), fc.array(incident), mapping, (alarms, sensors, sections, incidents, assets) => {
        const input: RollupInput = { tree, index: { ...index, assets }, alarms, sensors, sections, incidents };
        const r = rollup(input);
        for (const level of ['district', 'street', 'grid'] as const) {
          const sum = emptyFigures();
          for (const id of tree.byLevel[level]) addFigures(sum, r.byUnit.get(id) ?? emptyFigures());
          addFigures(sum, r.outside);
          expect(sum).toEqual(r.city);
        }
        expect(r.city.alarms).toBe(alarms.filter((a) => a.severity === 'alarm').length);
        expect(r.city.warnings).toBe(alarms.length - r.city.alarms);
        expect(r.city.sensors).toBe(sensors.length);
        expect(r.city.sensorsOnline).toBe(sensors.filter((s) => s.online).length);
        expect(r.city.openIncidents).toBe(incidents.filter((i) => i.open).length);
        expect(r.city.sectionsByClass.reduce((a, b) => a + b, 0) + r.city.sectionsStale).toBe(sections.filter((s) => s.cls !== null).length);
      }),
      { numRuns: 200 },
    );
  });
});
