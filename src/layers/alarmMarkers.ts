/**
 * Alarm and warning markers: one screen-sized point per asset in alarm or warning, so they are seen from the whole-city
 * view where the pipe itself is a one-pixel line among sixty thousand. The size is in pixels (independent of the zoom),
 * the depth test is off (the asset is underground and the marker draws over the globe and the other pipes), and only
 * alarmed and warned assets have one (a few dozen points, one PointPrimitiveCollection).
 *
 * The markers follow the pipe style's statuses (PipeStyle.subscribe): whatever sets a status (the live feed, the test
 * hooks) moves them; they are shown in status colour mode only. A click on a marker selects its asset (picking.ts reads
 * the marker's AlarmMarkerPick).
 */
import { Cartesian3, Color, PointPrimitiveCollection, type PointPrimitive, type Scene } from '@cesium/engine';
import { STATUS_ALARM, STATUS_WARNING, statusDef } from '../domain/status';
import type { ColorMode, PipeStyleListener } from '../viewer/pipeStyle';

/** Where a marker goes: the asset's anchor (lon/lat in degrees, ellipsoid height in metres). */
export interface MarkerPlace {
  lon: number;
  lat: number;
  height: number;
}

/** A style the markers follow: its status/mode events. */
export interface StatusSource {
  subscribe(listener: PipeStyleListener): () => void;
  getMode(): ColorMode;
}

export interface AlarmMarkersOptions {
  /** the asset's place by gid; null when unknown (no marker then) */
  placeOf(gid: number): Promise<MarkerPlace | null>;
  /** called after a change, so a requestRenderMode scene draws it */
  requestRender(): void;
}

/** Marker sizes in CSS pixels: alarms larger than warnings. */
export const ALARM_MARKER_PIXELS = 14;
export const WARNING_MARKER_PIXELS = 10;

const OUTLINE = Color.fromBytes(16, 20, 28, 255);

function markerColour(code: number): Color {
  const [r, g, b] = statusDef(code).color;
  return Color.fromBytes(r, g, b, 255);
}

/** What a picked marker carries (PointPrimitive id): clicking a marker selects its asset. */
export interface AlarmMarkerPick {
  kind: 'alarmMarker';
  gid: number;
}

export function isAlarmMarkerPick(v: unknown): v is AlarmMarkerPick {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'alarmMarker';
}

export function isMarked(code: number): boolean {
  return code === STATUS_ALARM || code === STATUS_WARNING;
}

interface Entry {
  code: number;
  point: PointPrimitive | null;
  /** bumped on every change, so a place that arrives late is dropped when the asset changed meanwhile */
  version: number;
}

export class AlarmMarkers {
  private readonly points = new PointPrimitiveCollection();
  private readonly entries = new Map<number, Entry>();
  private readonly unsubscribe: () => void;
  private disposed = false;

  constructor(
    private readonly scene: Scene,
    source: StatusSource,
    private readonly opts: AlarmMarkersOptions,
  ) {
    this.points.show = source.getMode() === 'status';
    scene.primitives.add(this.points);
    this.unsubscribe = source.subscribe({
      statuses: (gids, codes) => this.update(gids, codes),
      reset: (code) => this.reset(code),
      mode: (mode) => {
        this.points.show = mode === 'status';
        this.opts.requestRender();
      },
    });
  }

  /** Markers on for alarmed/warned gids, off for the others; gids not listed keep theirs. */
  update(gids: ArrayLike<number>, codes: ArrayLike<number>): void {
    const n = Math.min(gids.length, codes.length);
    let changed = false;
    for (let i = 0; i < n; i++) {
      const gid = gids[i];
      const code = codes[i];
      const entry = this.entries.get(gid);
      if (isMarked(code)) {
        if (entry?.code === code) continue;
        this.place(gid, code, entry);
        changed = true;
      } else if (entry) {
        this.remove(gid, entry);
        changed = true;
      }
    }
    if (changed) this.opts.requestRender();
  }

  /** Every gid got one status: no asset can be told apart, so no markers (a reset to normal or unknown). */
  reset(_code: number): void {
    for (const [gid, entry] of this.entries) this.remove(gid, entry);
    this.opts.requestRender();
  }

  /** gids with a marker drawn now, and their status */
  markers(): { gid: number; code: number }[] {
    const out: { gid: number; code: number }[] = [];
    for (const [gid, e] of this.entries) if (e.point) out.push({ gid, code: e.code });
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.unsubscribe();
    this.entries.clear();
    if (!this.scene.isDestroyed()) this.scene.primitives.remove(this.points); // destroys the collection
    else if (!this.points.isDestroyed()) this.points.destroy();
  }

  private place(gid: number, code: number, entry: Entry | undefined): void {
    const e: Entry = entry ?? { code, point: null, version: 0 };
    e.code = code;
    const version = ++e.version;
    this.entries.set(gid, e);
    if (e.point) {
      this.style(e.point, code);
      return;
    }
    this.opts.placeOf(gid).then(
      (place) => {
        if (this.disposed || e.version !== version || this.entries.get(gid) !== e || !place) return;
        const id: AlarmMarkerPick = { kind: 'alarmMarker', gid };
        e.point = this.points.add({ position: Cartesian3.fromDegrees(place.lon, place.lat, place.height), id });
        this.style(e.point, e.code);
        this.opts.requestRender();
      },
      () => undefined,
    );
  }

  private style(point: PointPrimitive, code: number): void {
    point.color = markerColour(code);
    point.pixelSize = code === STATUS_ALARM ? ALARM_MARKER_PIXELS : WARNING_MARKER_PIXELS;
    point.outlineColor = OUTLINE;
    point.outlineWidth = 2;
    // drawn over everything at any distance: the asset is underground
    point.disableDepthTestDistance = Number.POSITIVE_INFINITY;
  }

  private remove(gid: number, entry: Entry): void {
    entry.version++;
    if (entry.point) this.points.remove(entry.point);
    entry.point = null;
    this.entries.delete(gid);
  }
}
