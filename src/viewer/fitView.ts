/**
 * An oblique camera pose that frames a lon/lat box: looking at its centre from the south-south-west (heading 10°,
 * pitch −42°), far enough back that the box and some surroundings fit. Pure math (no Cesium).
 */
import { DEG, metresPerDegree } from '../domain/geodesy';
import type { ViewPose } from './widget';

export interface FitOptions {
  heading?: number;
  pitch?: number;
  /** never closer than this (m), so a tiny dataset still shows its rivers and streets around it */
  minRange?: number;
}

/** bbox: [west, south, east, north] in degrees. */
export function fitBboxView(bbox: readonly [number, number, number, number], opts: FitOptions = {}): ViewPose {
  const heading = opts.heading ?? 10;
  const pitch = opts.pitch ?? -42;
  const [w, s, e, n] = bbox;
  const lon = (w + e) / 2;
  const lat = (s + n) / 2;
  const k = metresPerDegree(lat);
  const widthM = (e - w) * k.lon;
  const heightM = (n - s) * k.lat;
  const range = Math.max(opts.minRange ?? 2000, 1.5 * Math.hypot(widthM, heightM));
  const horizontal = range * Math.cos(pitch * DEG);
  const back = heading * DEG + Math.PI; // from the target towards the camera
  const dEast = horizontal * Math.sin(back);
  const dNorth = horizontal * Math.cos(back);
  return {
    lon: lon + dEast / k.lon,
    lat: lat + dNorth / k.lat,
    height: range * Math.sin(-pitch * DEG),
    heading,
    pitch,
  };
}

export function isBbox(v: unknown): v is [number, number, number, number] {
  return (
    Array.isArray(v) &&
    v.length === 4 &&
    v.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
    v[0] < v[2] &&
    v[1] < v[3] &&
    v[0] >= -180 &&
    v[2] <= 180 &&
    v[1] >= -90 &&
    v[3] <= 90
  );
}
