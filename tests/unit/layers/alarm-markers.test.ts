/**
 * Alarm markers follow the style's statuses: a marker for each asset in alarm or warning (sized by severity, drawn over
 * everything), none for the others, removed when the asset returns to normal, never added late for an asset that
 * changed meanwhile, shown only in status colour mode. Cesium's point collection runs here without a GPU (nothing is
 * drawn; the scene is a stand-in that only holds primitives).
 */
import { describe, expect, it } from 'vitest';
import type { Scene } from '@cesium/engine';
import { ALARM_MARKER_PIXELS, AlarmMarkers, WARNING_MARKER_PIXELS, isAlarmMarkerPick, type MarkerPlace } from '../../../src/layers/alarmMarkers';
import type { ColorMode, PipeStyleListener } from '../../../src/viewer/pipeStyle';

function fakeScene() {
  const primitives: unknown[] = [];
  const scene = {
    primitives: {
      add: (p: unknown) => primitives.push(p),
      remove: (p: unknown) => primitives.splice(primitives.indexOf(p), 1).length > 0,
    },
    isDestroyed: () => false,
  };
  return { scene: scene as unknown as Scene, primitives };
}

function fakeStyle(mode: ColorMode = 'status') {
  const listeners = new Set<PipeStyleListener>();
  return {
    listeners,
    getMode: () => mode,
    subscribe(l: PipeStyleListener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    setStatuses(gids: number[], codes: number[]) {
      for (const l of listeners) l.statuses?.(gids, codes);
    },
    setMode(m: ColorMode) {
      for (const l of listeners) l.mode?.(m);
    },
  };
}

/** places resolved by hand, so a test decides when each lookup answers */
function places() {
  const pending = new Map<number, (p: MarkerPlace | null) => void>();
  const asked: number[] = [];
  return {
    asked,
    placeOf: (gid: number) =>
      new Promise<MarkerPlace | null>((resolve) => {
        asked.push(gid);
        pending.set(gid, resolve);
      }),
    answer: async (gid: number) => {
      pending.get(gid)?.({ lon: 106.57, lat: 29.56, height: -2 });
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

type Points = { length: number; get(i: number): { pixelSize: number; disableDepthTestDistance: number; id: unknown }; show: boolean };

describe('AlarmMarkers', () => {
  it('marks alarms and warnings only, sized by severity and drawn over everything', async () => {
    const { scene, primitives } = fakeScene();
    const style = fakeStyle();
    const p = places();
    const markers = new AlarmMarkers(scene, style, { placeOf: p.placeOf, requestRender: () => undefined });
    style.setStatuses([1, 2, 3, 4, 5], [0, 1, 2, 3, 4]);
    expect(p.asked).toEqual([3, 4]); // warning (2) and alarm (3) only
    await p.answer(3);
    await p.answer(4);
    expect(markers.markers()).toEqual([
      { gid: 3, code: 2 },
      { gid: 4, code: 3 },
    ]);
    const points = primitives[0] as Points;
    expect(points.length).toBe(2);
    expect([points.get(0).pixelSize, points.get(1).pixelSize]).toEqual([WARNING_MARKER_PIXELS, ALARM_MARKER_PIXELS]);
    expect(points.get(0).disableDepthTestDistance).toBe(Number.POSITIVE_INFINITY);
    // a click on a marker carries its asset's gid
    expect(isAlarmMarkerPick(points.get(1).id)).toBe(true);
    expect(points.get(1).id).toEqual({ kind: 'alarmMarker', gid: 4 });

    // back to normal: the marker goes; warning → alarm: the same point grows, no new lookup
    style.setStatuses([4, 3], [1, 3]);
    expect(markers.markers()).toEqual([{ gid: 3, code: 3 }]);
    expect(points.length).toBe(1);
    expect(points.get(0).pixelSize).toBe(ALARM_MARKER_PIXELS);
    expect(p.asked).toEqual([3, 4]);
    markers.dispose();
    expect(primitives).toHaveLength(0);
    expect(style.listeners.size).toBe(0);
  });

  it('drops a place that arrives after the asset became normal', async () => {
    const { scene, primitives } = fakeScene();
    const style = fakeStyle();
    const p = places();
    const markers = new AlarmMarkers(scene, style, { placeOf: p.placeOf, requestRender: () => undefined });
    style.setStatuses([7], [3]);
    style.setStatuses([7], [1]);
    await p.answer(7);
    expect(markers.markers()).toEqual([]);
    expect((primitives[0] as Points).length).toBe(0);
  });

  it('shows the markers in status colour mode only', () => {
    const { scene, primitives } = fakeScene();
    const style = fakeStyle('category');
    new AlarmMarkers(scene, style, { placeOf: async () => null, requestRender: () => undefined });
    const points = primitives[0] as Points;
    expect(points.show).toBe(false);
    style.setMode('status');
    expect(points.show).toBe(true);
  });
});
