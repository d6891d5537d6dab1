/**
 * Node-shape rules (src/domain/nodeShapes.ts), worked by hand: what the tiler draws for a node and where the viewer
 * aims at it.
 */
import { describe, expect, it } from 'vitest';
import { COVER_GAP, NODE_TYPES, nodeCentreOffset, nodeSolid, nodeTypeIndex } from '../../../src/domain/nodeShapes';

describe('nodeSolid', () => {
  it('a manhole is a shaft from just below the ground to its depth, wider for big pipes', () => {
    expect(nodeSolid('manhole', 2.5, 0.3)).toEqual({ shape: 'cylinder', hx: 0.5, hy: 0.5, bottom: -2.5, top: -COVER_GAP });
    // DN1200: radius 0.6 + 0.2
    expect(nodeSolid('manhole', 4, 1.2).hx).toBeCloseTo(0.8, 12);
    // a very shallow shaft keeps 0.3 m under its cover
    expect(nodeSolid('inlet', 0.1, 0.3)).toEqual({ shape: 'box', hx: 0.4, hy: 0.25, bottom: -0.32, top: -0.02 });
  });

  it('fittings are blocks centred on the pipe depth; a meter is 1.5× longer east', () => {
    // valve on DN1000: half-size 0.65
    const v = nodeSolid('valve', 1.5, 1);
    expect(v.shape).toBe('box');
    expect([v.hx, v.hy]).toEqual([0.65, 0.65]);
    expect(v.bottom).toBeCloseTo(-2.15, 12);
    expect(v.top).toBeCloseTo(-0.85, 12);
    // meter with unknown pipes (0.3 m assumed): half-size max(0.2, 0.18) = 0.2
    expect(nodeSolid('meter', 1, 0)).toMatchObject({ hx: 0.2 * 1.5, hy: 0.2, bottom: -1.2, top: -0.8 });
    expect(nodeSolid('tee', 1, 0.2)).toMatchObject({ hx: 0.15, hy: 0.15 });
    expect(nodeSolid('sensor', 1, 1)).toMatchObject({ hx: 0.55, hy: 0.55 });
  });

  it('a hydrant stands 0.75 m above ground; an outfall head-wall rests on its depth', () => {
    expect(nodeSolid('hydrant', 1.2, 0.15)).toMatchObject({ shape: 'cylinder', hx: 0.12, bottom: -1.3, top: 0.75 });
    expect(nodeSolid('outfall', 5, 0.3)).toMatchObject({ hx: 0.6, bottom: -5, top: -3.8 });
    // DN2000 outfall: wall 2.4 m high, half-width 1.3; near the surface it stops under the cover
    expect(nodeSolid('outfall', 5, 2)).toMatchObject({ hx: 1.3, bottom: -5, top: -2.6 });
    expect(nodeSolid('outfall', 1, 0.3).top).toBe(-COVER_GAP);
  });
});

describe('node types and centres', () => {
  it('indexes every node type and nothing else', () => {
    expect(NODE_TYPES.map(nodeTypeIndex)).toEqual(NODE_TYPES.map((_, i) => i));
    expect(nodeTypeIndex('pump')).toBe(-1);
  });

  it('the viewer aims at the middle of the solid', () => {
    expect(nodeCentreOffset('manhole', 3)).toBeCloseTo(-1.51, 12);
    expect(nodeCentreOffset('valve', 1.4)).toBeCloseTo(-1.4, 12);
    expect(nodeCentreOffset('hydrant', 1.1)).toBeCloseTo(-0.225, 12);
    expect(nodeCentreOffset('outfall', 5)).toBeCloseTo(-4.4, 12);
  });
});
