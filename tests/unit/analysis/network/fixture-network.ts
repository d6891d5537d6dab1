/**
 * Hand-drawn fixture networks (tests/fixtures/network/*.json, positions in metres east / north of 106.5°E 29.5°N)
 * → dataset records → NetworkData, encoded and decoded as the Worker receives it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNetwork, encodeNetwork } from '../../../../src/analysis/network/codec';
import { buildNetwork, type NetworkData } from '../../../../src/analysis/network/model';
import { metresPerDegree } from '../../../../src/domain/geodesy';
import type { CategoryCode, LonLat, NetworkSource, NodeType, PipeNode, PipeSegment } from '../../../../src/domain/schema';

type XY = [number, number];

export interface FixtureNetwork {
  cat: CategoryCode;
  sub: string;
  nodes: { id: string; type: NodeType; at: XY; source?: NetworkSource; state?: 'open' | 'closed'; operable?: boolean; customers?: number; demand?: number; river?: string }[];
  pipes: { id: string; from: string; to: string; via?: XY[]; inverts?: [number, number] }[];
  sensors?: { sensor: string; asset: string; metric: string; alarmCapable: boolean }[];
  centrelines?: { river: string; coords: XY[] }[];
  sections?: { id: string; name: string; nameEn: string; river: string; coords: XY[] }[];
}

export const FIXTURES = join(__dirname, '../../../fixtures/network');

const K = metresPerDegree(29.5);
export const lonLat = (p: XY): LonLat => [106.5 + p[0] / K.lon, 29.5 + p[1] / K.lat];

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

export function fixtureRecords(f: FixtureNetwork): { segments: PipeSegment[]; nodes: PipeNode[] } {
  const S = f.pipes.length;
  const at = new Map(f.nodes.map((n) => [n.id, n.at]));
  const segments: PipeSegment[] = f.pipes.map((p, i) => ({
    kind: 'segment', id: p.id, gid: i, cat: f.cat, sub: f.sub, code: '', from: p.from, to: p.to,
    coords: [at.get(p.from) as XY, ...(p.via ?? []), at.get(p.to) as XY].map(lonLat), material: 'QM', dn: 200, box: null,
    depth0: 1.2, depth1: 1.3, ground0: 200, ground1: 200, burial: 'ZM', year: 2010, owner: 'test', street: null, crossing: null,
    pressureZone: null, pressureClass: null, invert0: p.inverts?.[0] ?? null, invert1: p.inverts?.[1] ?? null,
  }));
  const nodes: PipeNode[] = f.nodes.map((n, i) => ({
    kind: 'node', id: n.id, gid: S + i, cat: f.cat, sub: f.sub, code: '', type: n.type, position: lonLat(n.at), ground: 200,
    depth: 1.5, year: 2010, owner: 'test', segments: f.pipes.filter((p) => p.from === n.id || p.to === n.id).map((p) => p.id),
    ...(n.state ? { state: n.state } : {}), ...(n.operable !== undefined ? { operable: n.operable } : {}),
    ...(n.source ? { source: n.source } : {}), ...(n.customers !== undefined ? { customers: n.customers } : {}),
    ...(n.demand !== undefined ? { demand: n.demand } : {}),
  }));
  return { segments, nodes };
}

/** The fixture as the Worker sees it: built, encoded to network.bin bytes and decoded. */
export function fixtureNetwork(f: FixtureNetwork): NetworkData {
  const { segments, nodes } = fixtureRecords(f);
  const built = buildNetwork(segments, nodes, {
    sensors: f.sensors,
    outfalls: f.nodes.filter((n) => n.river).map((n) => ({ id: n.id, river: n.river as string })),
    centrelines: f.centrelines?.map((c) => ({ river: c.river, coords: c.coords.map(lonLat) })),
    sections: f.sections?.map((s) => ({ ...s, coords: s.coords.map(lonLat) })),
  });
  return decodeNetwork(encodeNetwork(built));
}
