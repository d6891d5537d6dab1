/**
 * The words a user reads when pipe tiles fail: the area as a lon/lat box with its size, and the summary over every
 * failure (how many, up to three areas, the first cause). Boxes worked out by hand (GRS80 at 29.555°N: 96,913 m per
 * degree of longitude, 110,845 m per degree of latitude).
 */
import { describe, expect, it } from 'vitest';
import { describeBox, failureSummary, type TileFailure } from '../../../src/viewer/tileFailures';

const box = (west: number, south: number, east: number, north: number) => ({ west, south, east, north });

describe('tile failure messages', () => {
  it('describes a box in degrees with its size', () => {
    expect(describeBox(box(106.56, 29.55, 106.57, 29.56))).toBe('106.5600–106.5700°E, 29.5500–29.5600°N (1.0 × 1.1 km)');
    // under a kilometre: metres
    expect(describeBox(box(106.56, 29.55, 106.561, 29.551))).toBe('106.5600–106.5610°E, 29.5500–29.5510°N (97 × 111 m)');
    // western and southern hemispheres name W and S, smaller magnitude first
    expect(describeBox(box(-74.01, -33.9, -74.0, -33.89))).toMatch(/^74\.0000–74\.0100°W, 33\.8900–33\.9000°S /);
  });

  it('summarises every failure: the count, up to three areas, the first cause', () => {
    const f = (i: number, withBox = true): TileFailure => ({
      url: `http://127.0.0.1/tiles/pipes/content/2/${i}_0.glb`,
      message: `Status Code: 404 (${i})`,
      box: withBox ? box(106.5 + i / 100, 29.5, 106.51 + i / 100, 29.51) : null,
      bypassed: true,
    });
    const one = failureSummary([f(0)]);
    expect(one).toEqual({ failed: 1, area: '106.5000–106.5100°E, 29.5000–29.5100°N (1.0 × 1.1 km)', detail: 'Status Code: 404 (0)' });
    const five = failureSummary([f(0), f(1), f(2), f(3), f(4)]);
    expect(five.failed).toBe(5);
    expect(five.area.split('; ')).toHaveLength(4);
    expect(five.area.endsWith('; +2')).toBe(true);
    // a tile that could not be located is named by its file
    expect(failureSummary([f(0), f(7, false)]).area).toMatch(/; content\/2\/7_0\.glb$/);
  });
});
