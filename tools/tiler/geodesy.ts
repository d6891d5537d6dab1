/**
 * WGS84 geodesy for the tiler, in plain float64 maths (no Cesium in Node tools): geodetic ⇄ ECEF and the local
 * east-north-up frame, matching Cesium's Cartesian3.fromDegrees / Transforms.eastNorthUpToFixedFrame.
 * Matrices are 4×4, column-major (glTF and 3D Tiles `transform` order).
 */

export const WGS84_A = 6378137.0;
export const WGS84_F = 1 / 298.257223563;
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);
const WGS84_B = WGS84_A * (1 - WGS84_F);
const EP2 = (WGS84_A * WGS84_A - WGS84_B * WGS84_B) / (WGS84_B * WGS84_B);

export const DEG = Math.PI / 180;

export type Vec3 = [number, number, number];
/** Column-major 4×4 matrix. */
export type Mat4 = number[];

/** Geodetic (degrees, metres above the ellipsoid) → ECEF metres. */
export function geodeticToEcef(lonDeg: number, latDeg: number, h: number, out: Vec3 = [0, 0, 0]): Vec3 {
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  out[0] = (n + h) * cosLat * Math.cos(lon);
  out[1] = (n + h) * cosLat * Math.sin(lon);
  out[2] = (n * (1 - WGS84_E2) + h) * sinLat;
  return out;
}

/** ECEF metres → geodetic [lonDeg, latDeg, h] (Bowring's method with one refinement; sub-millimetre near the surface). */
export function ecefToGeodetic(x: number, y: number, z: number): Vec3 {
  const p = Math.hypot(x, y);
  const lon = Math.atan2(y, x);
  let theta = Math.atan2(z * WGS84_A, p * WGS84_B);
  let lat = Math.atan2(
    z + EP2 * WGS84_B * Math.sin(theta) ** 3,
    p - WGS84_E2 * WGS84_A * Math.cos(theta) ** 3,
  );
  // one refinement step
  theta = Math.atan2((1 - WGS84_F) * Math.sin(lat), Math.cos(lat));
  lat = Math.atan2(z + EP2 * WGS84_B * Math.sin(theta) ** 3, p - WGS84_E2 * WGS84_A * Math.cos(theta) ** 3);
  const sinLat = Math.sin(lat);
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  const h = Math.abs(lat) < Math.PI / 4 ? p / Math.cos(lat) - n : z / sinLat - n * (1 - WGS84_E2);
  return [lon / DEG, lat / DEG, h];
}

/** Metres per degree of latitude and of longitude at a latitude (local radii of curvature). */
export function metresPerDegree(latDeg: number): { lat: number; lon: number } {
  const lat = latDeg * DEG;
  const s = Math.sin(lat);
  const w = Math.sqrt(1 - WGS84_E2 * s * s);
  const rn = WGS84_A / w; // prime vertical
  const rm = (WGS84_A * (1 - WGS84_E2)) / (w * w * w); // meridian
  return { lat: rm * DEG, lon: rn * Math.cos(lat) * DEG };
}

/** The east-north-up frame at a geodetic point → ECEF (Cesium's eastNorthUpToFixedFrame). */
export function enuToEcef(lonDeg: number, latDeg: number, h: number): Mat4 {
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const sLon = Math.sin(lon);
  const cLon = Math.cos(lon);
  const sLat = Math.sin(lat);
  const cLat = Math.cos(lat);
  const o = geodeticToEcef(lonDeg, latDeg, h);
  // columns: east, north, up, origin
  return [
    -sLon, cLon, 0, 0,
    -sLat * cLon, -sLat * sLon, cLat, 0,
    cLat * cLon, cLat * sLon, sLat, 0,
    o[0], o[1], o[2], 1,
  ];
}

/** Inverse of a rigid transform (rotation + translation). */
export function invertRigid(m: Mat4): Mat4 {
  // R^T and -R^T t
  const r00 = m[0], r10 = m[1], r20 = m[2];
  const r01 = m[4], r11 = m[5], r21 = m[6];
  const r02 = m[8], r12 = m[9], r22 = m[10];
  const tx = m[12], ty = m[13], tz = m[14];
  return [
    r00, r01, r02, 0,
    r10, r11, r12, 0,
    r20, r21, r22, 0,
    -(r00 * tx + r10 * ty + r20 * tz),
    -(r01 * tx + r11 * ty + r21 * tz),
    -(r02 * tx + r12 * ty + r22 * tz),
    1,
  ];
}

export function multiply(a: Mat4, b: Mat4): Mat4 {
  const out = new Array<number>(16);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
      out[c * 4 + r] = s;
    }
  }
  return out;
}

export function transformPoint(m: Mat4, x: number, y: number, z: number, out: Vec3 = [0, 0, 0]): Vec3 {
  out[0] = m[0] * x + m[4] * y + m[8] * z + m[12];
  out[1] = m[1] * x + m[5] * y + m[9] * z + m[13];
  out[2] = m[2] * x + m[6] * y + m[10] * z + m[14];
  return out;
}

/**
 * A local ENU frame for building geometry: geodetic → local (e, n, u) metres, exactly through ECEF.
 */
export class LocalFrame {
  readonly toEcef: Mat4;
  private readonly fromEcef: Mat4;
  private readonly tmp: Vec3 = [0, 0, 0];

  constructor(readonly lon: number, readonly lat: number, readonly height: number) {
    this.toEcef = enuToEcef(lon, lat, height);
    this.fromEcef = invertRigid(this.toEcef);
  }

  /** Geodetic (degrees, metres) → local ENU, written into out. */
  toLocal(lonDeg: number, latDeg: number, h: number, out: Vec3 = [0, 0, 0]): Vec3 {
    const e = geodeticToEcef(lonDeg, latDeg, h, this.tmp);
    return transformPoint(this.fromEcef, e[0], e[1], e[2], out);
  }

  /** Local ENU → geodetic [lonDeg, latDeg, h]. */
  toGeodetic(e: number, n: number, u: number): Vec3 {
    const p = transformPoint(this.toEcef, e, n, u);
    return ecefToGeodetic(p[0], p[1], p[2]);
  }
}
