/**
 * Coordinate reference systems for Chongqing survey data, as data (shared/reference/standards.md §5), with proj4
 * transforms and the checks survey files need: swapped X/Y, projected coordinates declared as longitude/latitude, and the
 * Gauss-Krüger zone from an easting's zone prefix.
 *
 * - Geographic CGCS2000 (EPSG:4490) and WGS 84 (EPSG:4326, OGC CRS84) are the same here: the one earth model is
 *   GRS80 (src/domain/geodesy.ts says why), so a transform never applies a datum shift.
 * - Gauss-Krüger: CGCS2000 3° zones 25–45 (EPSG:4513–4533, zone number prefixed to the easting), 3° CM 75°E–135°E
 *   without prefix (4534–4554), 6° zones 13–23 with prefix (4491–4501) and 6° CM 75°E–135°E without (4502–4512).
 *   The seven codes in standards.md (4490, 4544, 4545, 4523, 4524, 4507, 4496) are checked against PROJ's database
 *   (`source: 'table'`); the rest follow the same numbering rule (`source: 'rule'`).
 * - Axis order: EPSG declares northing first for these; every function here takes and returns [easting, northing]
 *   (proj4's order). Files that store northing first are "swapped" and are detected below.
 * - Straight edges are transformed vertex by vertex; for areas of a few km the bend between a straight line in the
 *   projection and in lon/lat is millimetres.
 * - Also known, for survey imports (tools/import): WGS 84 / UTM (EPSG:32601–32660 north, 32701–32760 south,
 *   `source: 'rule'`), one US State Plane in feet (EPSG:2263, NY Long Island, ftUS) and any CRS a `.prj` WKT (ESRI or
 *   OGC flavour, read by proj4) or a proj4 string describes (`crsFromText`). Beijing 1954 and Xi'an 1980 are accepted
 *   with `legacyDatum` set: no datum shift to CGCS2000 is known here, so positions are off by metres to tens of metres
 *   (about 58 m for Beijing 1954 at 29.5°N) and callers must say so.
 */
import proj4 from 'proj4';
import { GRS80_A, metresPerDegree } from '../domain/geodesy';

export type CrsKind = 'geographic' | 'projected';

export interface GaussKruger {
  /** Central meridian, degrees east. */
  cm: number;
  zoneWidth: 3 | 6;
  /** Zone number (3°: CM/3; 6°: (CM+3)/6). */
  zone: number;
  /** Whether the zone number is prefixed to the easting (false easting zone × 10^6 + 500 000). */
  prefix: boolean;
  falseEasting: number;
}

export interface CrsDef {
  /** "EPSG:4545" */
  code: string;
  epsg: number;
  kind: CrsKind;
  name: string;
  zh: string;
  proj4: string;
  gk?: GaussKruger;
  /**
   * 'table': listed and verified in standards.md §5 (or named in this module's header); 'rule': derived from the EPSG
   * numbering rule; 'wkt' / 'proj4': read from a `.prj` WKT or a proj4 string (`proj4` then holds that text).
   */
  source: 'table' | 'rule' | 'wkt' | 'proj4';
  /** Set for Beijing 1954 / Xi'an 1980: no datum shift to CGCS2000 is known (metres to tens of metres off). */
  legacyDatum?: LegacyDatum;
}

export type LegacyDatum = 'beijing1954' | 'xian1980';

const LONLAT = '+proj=longlat +ellps=GRS80 +no_defs';

const TABLE_CODES = new Set([4490, 4544, 4545, 4523, 4524, 4507, 4496]);

function tmerc(cm: number, falseEasting: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

function gkDef(epsg: number, cm: number, zoneWidth: 3 | 6, prefix: boolean): CrsDef {
  const zone = zoneWidth === 3 ? cm / 3 : (cm + 3) / 6;
  const falseEasting = prefix ? zone * 1_000_000 + 500_000 : 500_000;
  const what = prefix ? `zone ${zone}` : `CM ${cm}E`;
  const whatZh = prefix ? `${zone}带` : `中央经线 ${cm}°E`;
  return {
    code: `EPSG:${epsg}`,
    epsg,
    kind: 'projected',
    name: `CGCS2000 / ${zoneWidth}-degree Gauss-Kruger ${what}`,
    zh: `CGCS2000 ${zoneWidth}度高斯-克吕格 ${whatZh}`,
    proj4: tmerc(cm, falseEasting),
    gk: { cm, zoneWidth, zone, prefix, falseEasting },
    source: TABLE_CODES.has(epsg) ? 'table' : 'rule',
  };
}

function buildDefs(): CrsDef[] {
  const defs: CrsDef[] = [
    { code: 'EPSG:4490', epsg: 4490, kind: 'geographic', name: 'CGCS2000', zh: '2000国家大地坐标系', proj4: LONLAT, source: 'table' },
    { code: 'EPSG:4326', epsg: 4326, kind: 'geographic', name: 'WGS 84 (treated as CGCS2000)', zh: 'WGS 84（按 CGCS2000 处理）', proj4: LONLAT, source: 'rule' },
  ];
  for (let zone = 25; zone <= 45; zone++) defs.push(gkDef(4513 + (zone - 25), zone * 3, 3, true));
  for (let cm = 75; cm <= 135; cm += 3) defs.push(gkDef(4534 + (cm - 75) / 3, cm, 3, false));
  for (let zone = 13; zone <= 23; zone++) defs.push(gkDef(4491 + (zone - 13), zone * 6 - 3, 6, true));
  for (let zone = 13; zone <= 23; zone++) defs.push(gkDef(4502 + (zone - 13), zone * 6 - 3, 6, false));
  for (let zone = 1; zone <= 60; zone++) {
    for (const south of [false, true]) {
      const epsg = (south ? 32700 : 32600) + zone;
      const hemi = south ? 'S' : 'N';
      defs.push({
        code: `EPSG:${epsg}`, epsg, kind: 'projected', name: `WGS 84 / UTM zone ${zone}${hemi}`, zh: `WGS 84 / UTM ${zone}${hemi}带`,
        proj4: `+proj=utm +zone=${zone}${south ? ' +south' : ''} +ellps=GRS80 +units=m +no_defs`, source: 'rule',
      });
    }
  }
  defs.push(
    {
      code: 'EPSG:2263', epsg: 2263, kind: 'projected', name: 'NAD83 / New York Long Island (ftUS)', zh: 'NAD83 / 纽约长岛州平面坐标（美国测量英尺）',
      proj4: '+proj=lcc +lat_0=40.1666666666667 +lon_0=-74 +lat_1=41.0333333333333 +lat_2=40.6666666666667 +x_0=300000 +y_0=0 +ellps=GRS80 +units=us-ft +no_defs',
      source: 'table',
    },
    { code: 'EPSG:4214', epsg: 4214, kind: 'geographic', name: 'Beijing 1954', zh: '1954北京坐标系', proj4: '+proj=longlat +ellps=krass +no_defs', source: 'table', legacyDatum: 'beijing1954' },
    { code: 'EPSG:4610', epsg: 4610, kind: 'geographic', name: "Xi'an 1980", zh: '1980西安坐标系', proj4: '+proj=longlat +a=6378140 +rf=298.257 +no_defs', source: 'table', legacyDatum: 'xian1980' },
  );
  return defs;
}

/** Every CRS this module knows. */
export const CRS_DEFS: readonly CrsDef[] = buildDefs();

const byEpsg = new Map(CRS_DEFS.map((d) => [d.epsg, d]));

/** The CRSs standards.md §5 lists for Chongqing, in its order. */
export const CHONGQING_CRS: readonly CrsDef[] = [4490, 4544, 4545, 4523, 4524, 4507, 4496].map((e) => byEpsg.get(e)!);

/**
 * Look up a CRS by EPSG number or name: 4545, "4545", "EPSG:4545", "epsg:4545", "urn:ogc:def:crs:EPSG::4545",
 * "http://www.opengis.net/def/crs/EPSG/0/4545", "CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", "WGS84", "CGCS2000".
 */
export function crsDef(code: string | number): CrsDef | undefined {
  if (typeof code === 'number') return byEpsg.get(code);
  const s = code.trim();
  const u = s.toUpperCase();
  if (u === 'CRS84' || u.endsWith(':CRS84') || u.endsWith('/CRS84') || u === 'WGS84' || u === 'WGS 84') return byEpsg.get(4326);
  if (u === 'CGCS2000') return byEpsg.get(4490);
  const m = /^(?:EPSG:{1,2}|URN:OGC:DEF:CRS:EPSG:[0-9.]*:|HTTPS?:\/\/WWW\.OPENGIS\.NET\/DEF\/CRS\/EPSG\/[0-9.]+\/)?(\d{4,5})$/.exec(u);
  return m ? byEpsg.get(Number(m[1])) : undefined;
}

/** The 3° or 6° Gauss-Krüger CRS for a central meridian, with or without zone prefix. */
export function gaussKruger(cm: number, zoneWidth: 3 | 6, prefix: boolean): CrsDef | undefined {
  return CRS_DEFS.find((d) => d.gk && d.gk.cm === cm && d.gk.zoneWidth === zoneWidth && d.gk.prefix === prefix);
}

/** The no-prefix 3° GK CRS whose central meridian is nearest to a longitude (EPSG 4534 + (CM − 75)/3). */
export function gk3ForLongitude(lon: number): CrsDef | undefined {
  const cm = Math.round(lon / 3) * 3;
  return gaussKruger(cm, 3, false);
}

export interface Transformer {
  /** lon/lat → [easting, northing] (identity for geographic CRSs). */
  forward(lonLat: readonly [number, number]): [number, number];
  /** [easting, northing] → lon/lat. */
  inverse(xy: readonly [number, number]): [number, number];
}

const transformers = new Map<string, Transformer>();

/** A cached lon/lat ⇄ CRS transformer (a legacy-datum geographic CRS reads as CGCS2000: no shift is known). */
export function transformer(crs: CrsDef): Transformer {
  let t = transformers.get(crs.proj4);
  if (!t) {
    if (crs.kind === 'geographic') {
      t = { forward: (p) => [p[0], p[1]], inverse: (p) => [p[0], p[1]] };
    } else {
      const c = proj4(LONLAT, crs.proj4);
      t = {
        forward: (p) => {
          const r = c.forward([p[0], p[1]]);
          return [r[0], r[1]];
        },
        inverse: (p) => {
          const r = c.inverse([p[0], p[1]]);
          return [r[0], r[1]];
        },
      };
    }
    transformers.set(crs.proj4, t);
  }
  return t;
}

export function toLonLat(crs: CrsDef, xy: readonly [number, number]): [number, number] {
  return transformer(crs).inverse(xy);
}

export function fromLonLat(crs: CrsDef, lonLat: readonly [number, number]): [number, number] {
  return transformer(crs).forward(lonLat);
}

/** Gauss-Krüger northings in China: latitude ~3°N … 54°N. */
const NORTHING_MIN = 300_000;
const NORTHING_MAX = 6_100_000;

/**
 * The GK CRS an easting's zone prefix names: 8-digit eastings carry the zone number in their leading digits
 * (3° zones 25–45, 6° zones 13–23; the two ranges do not overlap). Undefined when there is no valid prefix.
 */
export function zoneFromEasting(easting: number): CrsDef | undefined {
  if (!(easting >= 10_000_000 && easting < 100_000_000)) return undefined;
  const zone = Math.floor(easting / 1_000_000);
  const within = easting - zone * 1_000_000; // 500 000 ± half a zone
  if (within < 100_000 || within > 900_000) return undefined;
  if (zone >= 25 && zone <= 45) return gaussKruger(zone * 3, 3, true);
  if (zone >= 13 && zone <= 23) return gaussKruger(zone * 6 - 3, 6, true);
  return undefined;
}

function isEastingNoPrefix(v: number): boolean {
  return v >= 100_000 && v <= 900_000;
}

function isEasting(v: number): boolean {
  return isEastingNoPrefix(v) || zoneFromEasting(v) !== undefined;
}

function isNorthing(v: number): boolean {
  return v >= NORTHING_MIN && v <= NORTHING_MAX;
}

export type CoordinateGuess =
  | { kind: 'lonlat' }
  /** Geographic but latitude first. */
  | { kind: 'latlon' }
  /**
   * Projected metres (Gauss-Krüger-looking). `swapped`: northing stored first. `candidates`: CRSs that fit, best first
   * (a zone prefix names one; without a prefix the zone is ambiguous and candidates are ranked by distance to `near`
   * when given, else the Chongqing zones come first).
   */
  | { kind: 'projected'; swapped: boolean; candidates: CrsDef[] }
  | { kind: 'unknown' };

type Pos = readonly number[];

function allMatch(points: readonly Pos[], f: (x: number, y: number) => boolean): boolean {
  for (const p of points) if (!f(p[0], p[1])) return false;
  return points.length > 0;
}

/**
 * Guess what a set of positions is, from their values alone. `near` (lon/lat, e.g. the network's centre) ranks the
 * zone candidates for prefix-less eastings.
 */
export function guessCoordinates(points: readonly Pos[], near?: readonly [number, number]): CoordinateGuess {
  if (allMatch(points, (x, y) => Math.abs(x) <= 180 && Math.abs(y) <= 90)) {
    // In range both ways? Longitude first is the GeoJSON rule; only call it swapped when it cannot be lon/lat.
    return { kind: 'lonlat' };
  }
  if (allMatch(points, (x, y) => Math.abs(x) <= 90 && Math.abs(y) <= 180)) return { kind: 'latlon' };
  const normal = allMatch(points, (x, y) => isEasting(x) && isNorthing(y));
  const swapped = !normal && allMatch(points, (x, y) => isNorthing(x) && isEasting(y));
  if (!normal && !swapped) return { kind: 'unknown' };
  const first = points[0];
  const e = swapped ? first[1] : first[0];
  const n = swapped ? first[0] : first[1];
  const prefixed = zoneFromEasting(e);
  if (prefixed) return { kind: 'projected', swapped, candidates: [prefixed] };
  let candidates = CRS_DEFS.filter((d) => d.gk && !d.gk.prefix && d.gk.zoneWidth === 3);
  if (near) {
    const dist = (d: CrsDef): number => {
      const [lon, lat] = toLonLat(d, [e, n]);
      return Math.hypot(lon - near[0], lat - near[1]);
    };
    candidates = candidates.map((d) => ({ d, k: dist(d) })).sort((a, b) => a.k - b.k).map((x) => x.d);
  } else {
    const local = [4545, 4544];
    candidates = [...local.map((c) => byEpsg.get(c)!), ...candidates.filter((d) => !local.includes(d.epsg))];
  }
  return { kind: 'projected', swapped, candidates };
}

/**
 * For positions declared in a projected GK CRS: are they stored northing first? True when every position reads as
 * (northing, easting) for that CRS and not as (easting, northing).
 */
export function isSwappedForCrs(points: readonly Pos[], crs: CrsDef): boolean {
  if (!crs.gk) return false;
  const fe = crs.gk.falseEasting;
  const eastingOk = (v: number): boolean => Math.abs(v - fe) <= 400_000;
  const normal = allMatch(points, (x, y) => eastingOk(x) && isNorthing(y));
  if (normal) return false;
  return allMatch(points, (x, y) => isNorthing(x) && eastingOk(y));
}

/** The fields of a proj4 projection object that `crsFromText` reads (proj4's own types do not declare them). */
interface ParsedProjection {
  projName?: string;
  long0?: number;
  lat0?: number;
  k0?: number;
  x0?: number;
  y0?: number;
  a?: number;
  to_meter?: number;
  datumCode?: string;
  name?: string;
  srsCode?: string;
  utmSouth?: boolean;
  zone?: number;
}

const RAD = 180 / Math.PI;
const near = (a: number | undefined, b: number, eps = 1e-9): boolean => a !== undefined && Math.abs(a - b) <= eps;

function legacyDatumOf(text: string, p: ParsedProjection): LegacyDatum | undefined {
  const t = `${text} ${p.datumCode ?? ''}`;
  if (/beijing[\s_-]*1954|krasovsky|krass/i.test(t) || near(p.a, 6378245, 0.5)) return 'beijing1954';
  if (/xi'?an[\s_-]*1980|iag[\s_-]*1975|IAG_75/i.test(t) || near(p.a, 6378140, 0.5)) return 'xian1980';
  return undefined;
}

/**
 * A CRS from a `.prj` WKT (ESRI or OGC flavour), a proj4 string (`+proj=…`) or an EPSG code / name (`crsDef`).
 * WKT and proj4 text are read by proj4; a CGCS2000 Gauss-Krüger or WGS 84 UTM definition comes back as the EPSG entry
 * it equals (so reports name the code), anything else as a definition holding the text itself. Undefined when the
 * text cannot be read.
 */
export function crsFromText(text: string): CrsDef | undefined {
  const s = text.trim().replace(/^\uFEFF/, '');
  const known = crsDef(s);
  if (known) return known;
  const isWkt = /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[/i.test(s);
  if (!isWkt && !s.startsWith('+')) return undefined;
  let p: ParsedProjection;
  try {
    p = proj4.Proj(s) as unknown as ParsedProjection;
  } catch {
    return undefined;
  }
  if (!p || !p.projName) return undefined;
  const auth = isWkt ? /AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(s) : null;
  if (auth && byEpsg.has(Number(auth[1]))) return byEpsg.get(Number(auth[1]));
  const legacy = legacyDatumOf(s, p);
  const name = p.name ?? p.srsCode ?? (isWkt ? 'WKT' : s);
  if (p.projName === 'longlat') {
    if (legacy) return byEpsg.get(legacy === 'beijing1954' ? 4214 : 4610);
    return byEpsg.get(4490);
  }
  const grs80 = near(p.a, GRS80_A, 0.001);
  const metres = p.to_meter === undefined || near(p.to_meter, 1);
  const cm = p.long0 === undefined ? Number.NaN : Math.round(p.long0 * RAD * 1e6) / 1e6;
  if (!legacy && grs80 && metres && near(p.lat0, 0) && near(p.y0, 0) && /gauss|kruger|tmerc|transverse/i.test(p.projName)) {
    if (near(p.k0, 1)) {
      const fe = p.x0 ?? 0;
      const zone = Math.floor(fe / 1_000_000);
      const prefix = fe >= 1_000_000;
      const width: 3 | 6 = prefix ? (zone >= 25 ? 3 : 6) : /6[\s_-]*deg/i.test(name) ? 6 : 3;
      const gk = gaussKruger(cm, width, prefix);
      if (gk && near(gk.gk!.falseEasting, fe, 0.001)) return gk;
    }
    if (near(p.k0, 0.9996) && near(p.x0, 500_000)) {
      const zone = Math.round((cm + 183) / 6);
      const utm = byEpsg.get(32600 + zone);
      if (utm && near(zone * 6 - 183, cm)) return utm;
    }
  }
  if (!legacy && grs80 && p.projName === 'utm' && p.zone !== undefined) {
    const utm = byEpsg.get((p.utmSouth ? 32700 : 32600) + p.zone);
    if (utm) return utm;
  }
  return { code: name, epsg: 0, kind: 'projected', name, zh: name, proj4: s, source: isWkt ? 'wkt' : 'proj4', legacyDatum: legacy };
}

/** Chongqing municipality, [west, south, east, north] in degrees (E: rounded outline). The default import region. */
export const CHONGQING_REGION: readonly [number, number, number, number] = [105.2, 28.1, 110.2, 32.3];

/**
 * How far (km, along the ground, roughly) a bbox's centre lies outside a region bbox; 0 when inside. For the
 * "data far from the configured region" check of an import (a wrong zone or swapped axes lands hundreds of km away).
 */
export function kmOutsideRegion(bbox: readonly [number, number, number, number], region: readonly [number, number, number, number]): number {
  const lon = (bbox[0] + bbox[2]) / 2;
  const lat = (bbox[1] + bbox[3]) / 2;
  const dLon = lon < region[0] ? region[0] - lon : lon > region[2] ? lon - region[2] : 0;
  const dLat = lat < region[1] ? region[1] - lat : lat > region[3] ? lat - region[3] : 0;
  const k = metresPerDegree(Math.max(-89, Math.min(89, lat)));
  return Math.hypot(dLon * k.lon, dLat * k.lat) / 1000;
}
