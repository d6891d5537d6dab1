/**
 * The tiler's frame maths: 4×4 rigid transforms and a local east-north-up frame for building tile geometry, in plain
 * float64 (no Cesium in Node tools). Matrices are 4×4, column-major (glTF and 3D Tiles `transform` order).
 *
 * The earth model (ellipsoid, geodetic ⇄ ECEF, the ENU frame, metres per degree) is src/domain/geodesy.ts, the one
 * geodesy module; it is re-exported here for the tiler's modules.
 */
import { ecefToGeodetic, enuToEcef, geodeticToEcef, type Mat4, type Vec3 } from '../../src/domain/geodesy';

export { ecefToGeodetic, enuToEcef, geodeticToEcef, metresPerDegree, type Mat4, type Vec3 } from '../../src/domain/geodesy';

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
