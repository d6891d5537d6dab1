/**
 * The viewer frames and clicks assets at an anchor computed from their record (src/viewer/assetGeometry.ts). It must
 * lie where the tiler actually draws the asset: on a segment's centreline, inside a node's solid.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { PipeNode, PipeSegment } from '../../../src/domain/schema';
import { assetAnchor, polylineLength } from '../../../src/viewer/assetGeometry';
import { fitBboxView } from '../../../src/viewer/fitView';
import { metresPerDegree } from '../../../src/domain/geodesy';
import { NODE_TYPES, nodeCentreOffset, nodeSolid } from '../../../src/domain/nodeShapes';

const dir = 'tests/fixtures/tiler';
const segments = readFileSync(`${dir}/segments.ndjson`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PipeSegment);
const nodes = readFileSync(`${dir}/nodes.ndjson`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PipeNode);

describe('asset anchors', () => {
  test('a segment anchor is half-way along, at ground − depth − size/2', () => {
    for (const s of segments) {
      const a = assetAnchor(s, 'ellipsoid');
      const h = (s.box ? s.box.h : (s.dn ?? 0)) / 1000;
      expect(a.height).toBeCloseTo(-(s.depth0 + s.depth1) / 2 - h / 2, 6);
      expect(a.length).toBeCloseTo(polylineLength(s.coords), 6);
      // the anchor splits the polyline into two halves of equal length
      const first = [...s.coords.filter((_, i) => i === 0)];
      let acc = 0;
      for (let i = 1; i < s.coords.length; i++) {
        const seg = polylineLength([s.coords[i - 1], s.coords[i]]);
        if (acc + seg >= a.length / 2) {
          first.push([a.lon, a.lat]);
          break;
        }
        acc += seg;
        first.push(s.coords[i]);
      }
      expect(polylineLength(first)).toBeCloseTo(a.length / 2, 3);
      const absolute = assetAnchor(s, 'absolute');
      expect(absolute.height - a.height).toBeCloseTo((s.ground0 + s.ground1) / 2, 6);
    }
  });

  test('a node anchor lies inside the solid the tiler draws for its type, for small and large pipes', () => {
    for (const type of NODE_TYPES) {
      for (const depth of [0.2, 0.8, 1.5, 3, 6]) {
        for (const pipe of [0.1, 0.3, 1, 2]) {
          const solid = nodeSolid(type, depth, pipe);
          const z = nodeCentreOffset(type, depth);
          expect(z, `${type} depth ${depth} pipe ${pipe}`).toBeGreaterThanOrEqual(solid.bottom);
          expect(z, `${type} depth ${depth} pipe ${pipe}`).toBeLessThanOrEqual(solid.top);
        }
      }
    }
    for (const n of nodes) {
      expect(assetAnchor(n, 'absolute').height - assetAnchor(n, 'ellipsoid').height).toBeCloseTo(n.ground, 6);
    }
  });
});

describe('initial view framing a bbox', () => {
  test('the camera stands south-south-west of the centre, looking at it from above', () => {
    const bbox: [number, number, number, number] = [106.54, 29.542, 106.592, 29.579];
    const v = fitBboxView(bbox);
    expect(v.lat).toBeLessThan(29.542);
    expect(v.lon).toBeLessThan((106.54 + 106.592) / 2);
    expect(v.pitch).toBe(-42);
    // looking down 42° from that height, the line of sight meets the ground at the bbox centre
    const k = metresPerDegree(29.5605); // the one earth model (GRS80)
    const ahead = v.height / Math.tan((42 * Math.PI) / 180);
    const north = (29.5605 - v.lat) * k.lat;
    const east = (106.566 - v.lon) * k.lon;
    expect(Math.hypot(north, east)).toBeCloseTo(ahead, -1);
  });

  test('a tiny dataset is still framed from a distance that shows its surroundings', () => {
    const v = fitBboxView([106.5744, 29.562, 106.5834, 29.5726]);
    expect(v.height).toBeGreaterThan(2000 * Math.sin((42 * Math.PI) / 180) - 1);
  });
});
