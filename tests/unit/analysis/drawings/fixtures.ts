/** Loads the hand-made drawings fixtures (tests/fixtures/drawings/, written in local metres) as records. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localPlane } from '../../../../src/analysis/drawings/pipeGeometry';
import type { DrawingNode, DrawingPipe } from '../../../../src/analysis/drawings/types';
import type { CategoryCode, LonLat, NodeType, PressureClass } from '../../../../src/domain/schema';

const DIR = join(import.meta.dirname, '../../../fixtures/drawings');
export const readFixture = <T>(name: string): T => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as T;

function pipe(over: Partial<DrawingPipe> & Pick<DrawingPipe, 'id' | 'cat' | 'coords'>, gid: number): DrawingPipe {
  return {
    gid, sub: '', from: `${over.id}-a`, to: `${over.id}-b`, material: 'PE', dn: null, box: null, depth0: 1, depth1: 1,
    ground0: 100, ground1: 100, burial: 'ZM', crossing: null, pressureClass: null, invert0: null, invert1: null, owner: 'owner',
    ...over,
  };
}

interface SectionFixture {
  origin: [number, number];
  line: [number, number][];
  pipes: (Omit<DrawingPipe, 'gid' | 'coords' | 'from' | 'to' | 'burial' | 'crossing' | 'owner' | 'invert0' | 'invert1' | 'pressureClass'> & {
    y: number;
    x0?: number;
    pressureClass?: PressureClass;
  })[];
}

export function sectionFixture(): { line: LonLat[]; pipes: DrawingPipe[] } {
  const f = readFixture<SectionFixture>('section.json');
  const pl = localPlane(f.origin);
  return {
    line: f.line.map(([x, y]) => pl.lonLat(x, y)),
    pipes: f.pipes.map(({ y, x0, ...p }, i) => pipe({ ...p, coords: [pl.lonLat(x0 ?? -20, y), pl.lonLat(20, y)] }, i)),
  };
}

interface ProfileFixture {
  origin: [number, number];
  nodes: { id: string; type: NodeType; xy: [number, number]; ground: number; depth: number }[];
  pipes: { id: string; from: string; to: string; dn: number; material: string; invert0: number; invert1: number; ground0: number; ground1: number }[];
}

export function profileFixture(): { pipes: DrawingPipe[]; nodes: Map<string, DrawingNode> } {
  const f = readFixture<ProfileFixture>('profile.json');
  const pl = localPlane(f.origin);
  const nodes = new Map<string, DrawingNode>(f.nodes.map((n) => [n.id, { id: n.id, type: n.type, position: pl.lonLat(...n.xy), ground: n.ground, depth: n.depth }]));
  const pipes = f.pipes.map((p, i) =>
    pipe(
      {
        ...p, cat: 'PS', sub: 'WS',
        coords: [(nodes.get(p.from) as DrawingNode).position, (nodes.get(p.to) as DrawingNode).position],
        depth0: p.ground0 - p.invert0 - p.dn / 1000,
        depth1: p.ground1 - p.invert1 - p.dn / 1000,
      },
      i,
    ),
  );
  return { pipes, nodes };
}

interface CheckFixture {
  origin: [number, number];
  pipes: { id: string; cat: CategoryCode; sub: string; dn?: number; box?: { w: number; h: number }; pressureClass?: PressureClass; burial?: string; xy: [number, number][]; depth: number; under: boolean }[];
}

export function checkFixture(): DrawingPipe[] {
  const f = readFixture<CheckFixture>('clearances.json');
  const pl = localPlane(f.origin);
  return f.pipes.map((p, i) =>
    pipe(
      {
        id: p.id, cat: p.cat, sub: p.sub, dn: p.dn ?? null, box: p.box ?? null, pressureClass: p.pressureClass ?? null,
        burial: p.burial ?? 'ZM', coords: p.xy.map(([x, y]) => pl.lonLat(x, y)), depth0: p.depth, depth1: p.depth, underCarriageway: p.under,
      },
      i,
    ),
  );
}
