/**
 * The one earth model of the twin: the GRS80 ellipsoid of CGCS2000 (China Geodetic Coordinate System 2000).
 *
 * WGS 84 is treated as equal to it everywhere in this code base: the two ellipsoids share the semi-major axis and differ
 * only in flattening (1/298.257222101 vs 1/298.257223563), which moves a point on the surface by less than 0.1 mm; the
 * two frames agree to a few centimetres (shared/reference/standards.md §5). So lon/lat from a GPS, from GeoJSON
 * (RFC 7946, WGS 84) and from a CGCS2000 survey are used as they are, Cesium's WGS 84 ECEF and ours coincide to well
 * under a millimetre, and no transform ever applies a datum shift. This is said here once; other modules import from
 * here instead of carrying their own radius or flattening.
 *
 * Pure float64 maths (no Cesium, DOM or Node): runs in the browser, a Worker, Node tools and tests.
 *
 * Lengths use a local metric: a straight lon/lat piece is measured in the tangent plane at its mid-latitude with the
 * ellipsoid's meridional (M) and prime-vertical (N) radii of curvature:
 *   dx = Δλ · N(φm) · cos φm,   dy = Δφ · M(φm),   length = √(dx² + dy²).
 * For pieces up to a few kilometres this agrees with the geodesic (Vincenty) length to better than 1e-5 relative
 * (tests/unit/domain/geodesy-length.test.ts). A fraction t of a piece (in its lon/lat parameter) has length t × length.
 */

/** Semi-major axis, metres (GRS80 = WGS 84). */
export const GRS80_A = 6378137;
/** Flattening of GRS80 (CGCS2000). */
export const GRS80_F = 1 / 298.257222101;
/** First eccentricity squared. */
export const GRS80_E2 = GRS80_F * (2 - GRS80_F);
const GRS80_B = GRS80_A * (1 - GRS80_F);
/** Second eccentricity squared. */
const EP2 = (GRS80_A * GRS80_A - GRS80_B * GRS80_B) / (GRS80_B * GRS80_B);

export const DEG = Math.PI / 180;

export type Vec3 = [number, number, number];
/** Column-major 4×4 matrix (glTF and 3D Tiles `transform` order). */
export type Mat4 = number[];
type LonLatLike = readonly [number, number] | readonly number[];

/** Metres per degree of longitude (`lon`, eastward) and of latitude (`lat`, northward) at latitude `latDeg`. */
export function metresPerDegree(latDeg: number): { lon: number; lat: number } {
  const phi = latDeg * DEG;
  const s = Math.sin(phi);
  const w2 = 1 - GRS80_E2 * s * s;
  const w = Math.sqrt(w2);
  const n = GRS80_A / w; // prime vertical
  const m = (GRS80_A * (1 - GRS80_E2)) / (w2 * w); // meridian
  return { lon: n * Math.cos(phi) * DEG, lat: m * DEG };
}

/** Length in metres of the straight lon/lat piece (lon0, lat0) → (lon1, lat1). */
export function pieceLength(lon0: number, lat0: number, lon1: number, lat1: number): number {
  const phi = ((lat0 + lat1) / 2) * DEG;
  const s = Math.sin(phi);
  const w2 = 1 - GRS80_E2 * s * s;
  const w = Math.sqrt(w2);
  const dx = (lon1 - lon0) * DEG * (GRS80_A / w) * Math.cos(phi);
  const dy = (lat1 - lat0) * DEG * ((GRS80_A * (1 - GRS80_E2)) / (w2 * w));
  return Math.sqrt(dx * dx + dy * dy);
}

/** Local metres [east, north] from a to b (the local metric at their mid-latitude; nearby points). */
export function offsetMetres(a: LonLatLike, b: LonLatLike): [number, number] {
  const k = metresPerDegree((a[1] + b[1]) / 2);
  return [(b[0] - a[0]) * k.lon, (b[1] - a[1]) * k.lat];
}

/** Local-metric distance in metres between two nearby lon/lat points (= pieceLength). */
export function distanceM(a: LonLatLike, b: LonLatLike): number {
  return pieceLength(a[0], a[1], b[0], b[1]);
}

/** Length in metres of a polyline of [lon, lat] positions. */
export function polylineLength(coords: readonly LonLatLike[]): number {
  let sum = 0;
  for (let i = 1; i < coords.length; i++) sum += pieceLength(coords[i - 1][0], coords[i - 1][1], coords[i][0], coords[i][1]);
  return sum;
}

/**
 * Area in square metres of a polygon ring (lon/lat, closed or not), by the shoelace formula in the local metric at the
 * ring's mean latitude. Good to ~1e-4 relative for areas of tens of km²; unsigned.
 */
export function ringAreaM2(ring: ReadonlyArray<LonLatLike>): number {
  const n = ring.length;
  if (n < 3) return 0;
  let latSum = 0;
  for (const p of ring) latSum += p[1];
  const k = metresPerDegree(latSum / n);
  const x0 = ring[0][0];
  const y0 = ring[0][1];
  let s = 0;
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    s += (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0);
  }
  return Math.abs(s / 2) * k.lon * k.lat;
}

/** Geodetic (degrees, metres above the ellipsoid) → ECEF metres (Cesium's Cartesian3.fromDegrees). */
export function geodeticToEcef(lonDeg: number, latDeg: number, h: number, out: Vec3 = [0, 0, 0]): Vec3 {
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = GRS80_A / Math.sqrt(1 - GRS80_E2 * sinLat * sinLat);
  out[0] = (n + h) * cosLat * Math.cos(lon);
  out[1] = (n + h) * cosLat * Math.sin(lon);
  out[2] = (n * (1 - GRS80_E2) + h) * sinLat;
  return out;
}

/** ECEF metres → geodetic [lonDeg, latDeg, h] (Bowring's method with one refinement; sub-millimetre near the surface). */
export function ecefToGeodetic(x: number, y: number, z: number): Vec3 {
  const p = Math.hypot(x, y);
  const lon = Math.atan2(y, x);
  let theta = Math.atan2(z * GRS80_A, p * GRS80_B);
  let lat = Math.atan2(z + EP2 * GRS80_B * Math.sin(theta) ** 3, p - GRS80_E2 * GRS80_A * Math.cos(theta) ** 3);
  theta = Math.atan2((1 - GRS80_F) * Math.sin(lat), Math.cos(lat));
  lat = Math.atan2(z + EP2 * GRS80_B * Math.sin(theta) ** 3, p - GRS80_E2 * GRS80_A * Math.cos(theta) ** 3);
  const sinLat = Math.sin(lat);
  const n = GRS80_A / Math.sqrt(1 - GRS80_E2 * sinLat * sinLat);
  const h = Math.abs(lat) < Math.PI / 4 ? p / Math.cos(lat) - n : z / sinLat - n * (1 - GRS80_E2);
  return [lon / DEG, lat / DEG, h];
}

/** The east-north-up frame at a geodetic point → ECEF, column-major (Cesium's Transforms.eastNorthUpToFixedFrame). */
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
