import { describe, expect, it } from 'vitest';
import { GRS80_A, GRS80_F, pieceLength, ringAreaM2 } from '../../../src/domain/geodesy';

/** Vincenty's inverse formula on GRS80: an independent geodesic reference (converges for these short lines). */
function vincenty(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a = GRS80_A;
  const f = GRS80_F;
  const b = a * (1 - f);
  const rad = Math.PI / 180;
  const L = (lon2 - lon1) * rad;
  const U1 = Math.atan((1 - f) * Math.tan(lat1 * rad));
  const U2 = Math.atan((1 - f) * Math.tan(lat2 * rad));
  const sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
  let lambda = L;
  let sinSigma = 0, cosSigma = 0, sigma = 0, cos2Alpha = 0, cos2SigmaM = 0;
  for (let iter = 0; iter < 200; iter++) {
    const sinL = Math.sin(lambda), cosL = Math.cos(lambda);
    sinSigma = Math.sqrt((cosU2 * sinL) ** 2 + (cosU1 * sinU2 - sinU1 * cosU2 * cosL) ** 2);
    if (sinSigma === 0) return 0;
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinL) / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cos2Alpha : 0;
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    const prev = lambda;
    lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - prev) < 1e-13) break;
  }
  const u2 = (cos2Alpha * (a * a - b * b)) / (b * b);
  const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const dSigma = B * sinSigma * (cos2SigmaM + (B / 4) * (cosSigma * (-1 + 2 * cos2SigmaM ** 2) - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)));
  return b * A * (sigma - dSigma);
}

describe('local-metric lengths', () => {
  it('agree with the geodesic to 1e-5 for pipes up to 5 km in every direction around Chongqing', () => {
    for (const len of [10, 100, 1000, 5000]) {
      for (let bearing = 0; bearing < 360; bearing += 15) {
        const b = (bearing * Math.PI) / 180;
        const lon0 = 106.55;
        const lat0 = 29.56;
        const dLat = (len * Math.cos(b)) / 110_800;
        const dLon = (len * Math.sin(b)) / 96_900;
        const mine = pieceLength(lon0, lat0, lon0 + dLon, lat0 + dLat);
        const ref = vincenty(lon0, lat0, lon0 + dLon, lat0 + dLat);
        expect(Math.abs(mine - ref) / ref, `${len} m at ${bearing}°`).toBeLessThan(1e-5);
      }
    }
  });

  it('gives a degree of latitude and longitude at 29.5°N as published for GRS80', () => {
    // 1° of latitude at 29.5° ≈ 110 800 m (meridian arc), 1° of longitude ≈ 96 940 m.
    expect(pieceLength(106, 29, 106, 30)).toBeCloseTo(vincenty(106, 29, 106, 30), -1);
    expect(Math.abs(pieceLength(106, 29.5, 106.01, 29.5) - vincenty(106, 29.5, 106.01, 29.5))).toBeLessThan(0.01);
  });

  it('measures a 1 km × 1 km square as 1 km²', () => {
    const dLon = 1000 / pieceLength(106.5, 29.5, 106.51, 29.5) * 0.01;
    const dLat = 1000 / pieceLength(106.5, 29.5, 106.5, 29.51) * 0.01;
    const a = ringAreaM2([[106.5, 29.5], [106.5 + dLon, 29.5], [106.5 + dLon, 29.5 + dLat], [106.5, 29.5 + dLat]]);
    expect(a / 1e6).toBeCloseTo(1, 3);
  });
});
