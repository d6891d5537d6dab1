import { describe, expect, it } from 'vitest';
import {
  CHONGQING_CRS,
  CRS_DEFS,
  crsDef,
  fromLonLat,
  gk3ForLongitude,
  guessCoordinates,
  isSwappedForCrs,
  toLonLat,
  zoneFromEasting,
} from '../../../src/analysis/crs';
import { metresPerDegree } from '../../../src/domain/geodesy';

// standards.md §5 check point
const CHECK: [number, number] = [106.5772, 29.5647];
const E4545 = 362116.8;
const N4545 = 3272705.7;

/** Distance in metres between two lon/lat points close together. */
function metres(a: readonly [number, number], b: readonly [number, number]): number {
  const k = metresPerDegree((a[1] + b[1]) / 2);
  return Math.hypot((a[0] - b[0]) * k.lon, (a[1] - b[1]) * k.lat);
}

describe('CRS definitions', () => {
  it('has the seven standards.md codes with the documented parameters', () => {
    expect(CHONGQING_CRS.map((d) => d.epsg)).toEqual([4490, 4544, 4545, 4523, 4524, 4507, 4496]);
    for (const d of CHONGQING_CRS) expect(d.source).toBe('table');
    expect(crsDef(4544)!.proj4).toContain('+lon_0=105 ');
    expect(crsDef(4544)!.proj4).toContain('+x_0=500000 ');
    expect(crsDef(4545)!.proj4).toContain('+lon_0=108 ');
    expect(crsDef(4523)!.proj4).toContain('+x_0=35500000 ');
    expect(crsDef(4524)!.proj4).toContain('+lon_0=108 ');
    expect(crsDef(4524)!.proj4).toContain('+x_0=36500000 ');
    expect(crsDef(4507)!.proj4).toContain('+lon_0=105 ');
    expect(crsDef(4496)!.proj4).toContain('+x_0=18500000 ');
    expect(crsDef(4490)!.kind).toBe('geographic');
  });

  it('follows the numbering rule 4534 + (CM − 75)/3 for prefix-less 3° zones', () => {
    for (let cm = 75; cm <= 135; cm += 3) expect(crsDef(4534 + (cm - 75) / 3)!.gk!.cm).toBe(cm);
    expect(gk3ForLongitude(106.58)!.epsg).toBe(4545); // Yuzhong lies in the CM 108°E zone
    expect(gk3ForLongitude(106.4)!.epsg).toBe(4544);
    expect(new Set(CRS_DEFS.map((d) => d.epsg)).size).toBe(CRS_DEFS.length);
  });

  it('parses the usual ways of naming a CRS', () => {
    for (const s of ['4545', 'EPSG:4545', 'epsg:4545', 'urn:ogc:def:crs:EPSG::4545', 'http://www.opengis.net/def/crs/EPSG/0/4545']) {
      expect(crsDef(s)?.epsg, s).toBe(4545);
    }
    expect(crsDef('urn:ogc:def:crs:OGC:1.3:CRS84')?.kind).toBe('geographic');
    expect(crsDef('CGCS2000')?.epsg).toBe(4490);
    expect(crsDef('EPSG:3857')).toBeUndefined();
    expect(crsDef('nonsense')).toBeUndefined();
  });
});

describe('check point 106.5772E 29.5647N', () => {
  it('forward to EPSG:4545 within 0.1 m', () => {
    const [e, n] = fromLonLat(crsDef(4545)!, CHECK);
    expect(Math.abs(e - E4545)).toBeLessThan(0.1);
    expect(Math.abs(n - N4545)).toBeLessThan(0.1);
  });

  it('forward to EPSG:4524 (zone prefix 36) within 0.1 m', () => {
    const [e, n] = fromLonLat(crsDef(4524)!, CHECK);
    expect(Math.abs(e - (36_000_000 + E4545))).toBeLessThan(0.1);
    expect(Math.abs(n - N4545)).toBeLessThan(0.1);
  });

  it('inverse from EPSG:4545 and 4524 lands within 0.1 m of the point', () => {
    expect(metres(toLonLat(crsDef(4545)!, [E4545, N4545]), CHECK)).toBeLessThan(0.1);
    expect(metres(toLonLat(crsDef(4524)!, [36_000_000 + E4545, N4545]), CHECK)).toBeLessThan(0.1);
  });

  it('round-trips through every Chongqing zone to a millimetre', () => {
    for (const d of CHONGQING_CRS) {
      const back = toLonLat(d, fromLonLat(d, CHECK));
      expect(metres(back, CHECK), d.code).toBeLessThan(0.001);
    }
  });

  it('4544 and 4507 (both CM 105°E, no prefix) agree; 4523 is 4544 plus the zone-35 prefix', () => {
    const a = fromLonLat(crsDef(4544)!, CHECK);
    const b = fromLonLat(crsDef(4507)!, CHECK);
    const c = fromLonLat(crsDef(4523)!, CHECK);
    expect(b[0]).toBeCloseTo(a[0], 6);
    expect(c[0] - 35_000_000).toBeCloseTo(a[0], 6);
    expect(c[1]).toBeCloseTo(a[1], 6);
  });
});

describe('detection', () => {
  it('reads the zone from an easting prefix', () => {
    expect(zoneFromEasting(36_362_116.8)!.epsg).toBe(4524);
    expect(zoneFromEasting(35_640_000)!.epsg).toBe(4523);
    expect(zoneFromEasting(18_640_000)!.epsg).toBe(4496);
    expect(zoneFromEasting(362_116.8)).toBeUndefined();
    expect(zoneFromEasting(3_272_705.7)).toBeUndefined();
    expect(zoneFromEasting(50_500_000)).toBeUndefined(); // no zone 50
  });

  it('calls lon/lat lon/lat and lat/lon swapped', () => {
    expect(guessCoordinates([[106.57, 29.56]]).kind).toBe('lonlat');
    expect(guessCoordinates([[29.56, 106.57]]).kind).toBe('latlon');
  });

  it('recognises projected coordinates declared as lon/lat, and names the zone', () => {
    const g = guessCoordinates([[E4545, N4545], [E4545 + 100, N4545 + 100]]);
    expect(g.kind).toBe('projected');
    if (g.kind !== 'projected') return;
    expect(g.swapped).toBe(false);
    expect(g.candidates[0].epsg).toBe(4545);
    const p = guessCoordinates([[36_000_000 + E4545, N4545]]);
    expect(p.kind === 'projected' && p.candidates.map((c) => c.epsg)).toEqual([4524]);
  });

  it('detects northing-first (swapped) projected coordinates', () => {
    const g = guessCoordinates([[N4545, E4545]]);
    expect(g.kind === 'projected' && g.swapped).toBe(true);
    const p = guessCoordinates([[N4545, 36_000_000 + E4545]]);
    expect(p.kind === 'projected' && p.swapped && p.candidates[0].epsg).toBe(4524);
    expect(isSwappedForCrs([[N4545, E4545]], crsDef(4545)!)).toBe(true);
    expect(isSwappedForCrs([[E4545, N4545]], crsDef(4545)!)).toBe(false);
    expect(isSwappedForCrs([[N4545, 36_000_000 + E4545]], crsDef(4524)!)).toBe(true);
  });

  it('ranks prefix-less zones by distance to a hint', () => {
    // A CM 105°E easting for a point in Yuzhong: with the network's centre as hint, 4544 comes first.
    const [e, n] = fromLonLat(crsDef(4544)!, CHECK);
    const g = guessCoordinates([[e, n]], [106.55, 29.56]);
    expect(g.kind === 'projected' && g.candidates[0].epsg).toBe(4544);
  });

  it('gives up on numbers that fit nothing', () => {
    expect(guessCoordinates([[5_000, 7_000]]).kind).toBe('unknown');
  });
});
