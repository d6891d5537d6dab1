/**
 * The network engine over one loaded network: the NetworkQueries of types.ts. Built once per dataset (the CSR is in
 * the data), it keeps its scratch marks and the per-network "fed from a source" baselines between queries.
 * The CLI, the Worker (queryService.ts), the bench and the tests all call this.
 */
import { convex } from '@turf/turf';
import { ringAreaM2 } from '../../domain/geodesy';
import type { LonLat } from '../../domain/schema';
import { KIND_WORDS, NetworkError } from './errors';
import { PS, traceCore } from './gravity';
import { checkPressurePipe, isolateCore, markFed, type SearchScratch } from './isolate';
import { nodeItem, nodePosition, pipeItem, slopeFlag, totalLength, valveItem } from './items';
import { catOf, FLAG_CLOSED, FLAG_INOPERABLE, NODE_TYPES, type NetworkData, type SensorRec } from './model';
import { Marks, Stack } from './scratch';
import { chainageOf, makeUpstreamDistance } from './section';
import type {
  CatchmentResult,
  CatchmentSummary,
  CustomerPoint,
  IsolateOptions,
  IsolationResult,
  NetworkQueries,
  NetworkSummary,
  OutlineGeometry,
  SectionOptions,
  SectionResult,
  SensorItem,
  SlopeFlag,
  SourceItem,
  TraceDirection,
  TraceResult,
} from './types';

const VALVE = NODE_TYPES.indexOf('valve');
const OUTFALL = NODE_TYPES.indexOf('outfall');
export const DEFAULT_SECTION_WITHIN_M = 5000;

export class NetworkEngine implements NetworkQueries {
  private readonly sc: SearchScratch;
  private readonly closeMarks: Marks;
  private readonly baselines = new Map<number, Marks>();
  private readonly outfallRiver: Map<number, string>;

  constructor(readonly net: NetworkData) {
    this.sc = { seg: new Marks(net.segmentCount), region: new Uint32Array(net.segmentCount), nextRegion: 0, node: new Marks(net.nodeCount), stack: new Stack() };
    this.closeMarks = new Marks(net.nodeCount);
    this.outfallRiver = new Map(net.tables.outfallRivers);
  }

  summary(): NetworkSummary {
    const n = this.net;
    let valves = 0;
    let closed = 0;
    let inop = 0;
    let outfalls = 0;
    for (let i = 0; i < n.nodeCount; i++) {
      if (n.nodeType[i] === VALVE) {
        valves++;
        if (n.nodeFlags[i] & FLAG_CLOSED) closed++;
        if (n.nodeFlags[i] & FLAG_INOPERABLE) inop++;
      } else if (n.nodeType[i] === OUTFALL) outfalls++;
    }
    return {
      segments: n.segmentCount, nodes: n.nodeCount, sources: n.tables.sources.length, valves, closedValves: closed,
      inoperableValves: inop, outfalls, sections: n.tables.sections.length,
    };
  }

  /** Segments fed from a source with the recorded valve states (computed once per network). */
  private baseline(cat: number): Marks {
    let m = this.baselines.get(cat);
    if (!m) {
      m = new Marks(this.net.segmentCount);
      markFed(this.net, cat, null, m, this.sc.node, this.sc.stack);
      this.baselines.set(cat, m);
    }
    return m;
  }

  /**
   * The pipe to isolate: a segment id, or a node of a pressure network (an alarm on a meter, a sensor point or a
   * valve): its first pipe of the same network (for a valve: the pipe on its first side).
   */
  private isolationPipe(id: string): number {
    const net = this.net;
    const s = net.segIds.find(id);
    if (s >= 0) return s;
    const n = net.nodeIds.find(id);
    if (n < 0) throw new NetworkError('unknown-id', { id, what: 'pipe', whatZh: '管段' });
    let best = -1;
    for (let k = net.incOffsets[n]; k < net.incOffsets[n + 1]; k++) {
      const x = net.incSegs[k];
      if (net.segCat[x] === net.nodeCat[n] && (best < 0 || x < best)) best = x;
    }
    if (best < 0) {
      throw new NetworkError('wrong-kind', { id, is: 'a node without pipes', isZh: '无连接管段的节点', need: `expected ${KIND_WORDS.pressurePipe.en}`, needZh: `需要${KIND_WORDS.pressurePipe.zh}` });
    }
    return best;
  }

  isolate(pipe: string, options: IsolateOptions = {}): IsolationResult {
    const net = this.net;
    const s = this.isolationPipe(pipe);
    checkPressurePipe(net, s);
    const stuck = new Set<number>();
    for (const v of options.stuck ?? []) {
      const n = net.nodeIds.find(v);
      if (n < 0) throw new NetworkError('unknown-id', { id: v, what: 'valve', whatZh: '阀门' });
      if (net.nodeType[n] !== VALVE) {
        throw new NetworkError('wrong-kind', { id: v, is: `a ${NODE_TYPES[net.nodeType[n]]}`, isZh: `${NODE_TYPES[net.nodeType[n]]}`, need: 'only a valve can be marked stuck', needZh: '只有阀门可以标记为失效' });
      }
      stuck.add(n);
    }
    const cat = net.segCat[s];
    const core = isolateCore(net, s, stuck, this.sc, this.baseline(cat), this.closeMarks);
    const met = new Set([...core.stuck]);
    const ignoredStuck = (options.stuck ?? []).filter((v) => !met.has(net.nodeIds.find(v)));
    const customers: CustomerPoint[] = [];
    let households = 0;
    let demand = 0;
    for (const [list, cause] of [[core.metersIsolated, 'isolated'], [core.metersOutage, 'outage']] as const) {
      for (const n of list) {
        const c = net.nodeCustomers[n];
        const d = Math.round(net.nodeDemand[n] * 1000) / 1000;
        households += c;
        demand += d;
        customers.push({ ...nodeItem(net, n), customers: c, demand: d, cause });
      }
    }
    const sources: SourceItem[] = net.tables.sources
      .filter((r) => net.nodeCat[r.node] === cat)
      .map((r) => ({ ...nodeItem(net, r.node), kind: r.kind, name: r.name, ...(r.head !== undefined ? { head: r.head } : {}) }));
    const isoLen = totalLength(net, core.section);
    const outLen = totalLength(net, core.outage);
    return {
      kind: 'isolation',
      pipe: pipeItem(net, s),
      ...(net.segIds.get(s) !== pipe ? { asked: pipe } : {}),
      valves: {
        close: core.close.map((n) => valveItem(net, n, 'close')),
        inoperable: core.inoperable.map((n) => valveItem(net, n, 'inoperable')),
        stuck: core.stuck.map((n) => valveItem(net, n, 'stuck')),
        alreadyClosed: core.alreadyClosed.map((n) => valveItem(net, n, 'already-closed')),
      },
      isolated: core.section.map((x) => pipeItem(net, x)),
      outage: core.outage.map((x) => pipeItem(net, x)),
      customers,
      sources,
      counts: {
        valvesToClose: core.close.length,
        inoperable: core.inoperable.length,
        stuck: core.stuck.length,
        alreadyClosed: core.alreadyClosed.length,
        isolatedPipes: core.section.length,
        outagePipes: core.outage.length,
        servicePoints: customers.length,
        customers: households,
      },
      lengths: { isolated: isoLen, outage: outLen, total: Math.round((isoLen + outLen) * 100) / 100 },
      demand: Math.round(demand * 1000) / 1000,
      ignoredStuck,
    };
  }

  /** A drainage pipe or node to start a trace from. */
  private drainageStart(id: string): { seg: number; node: number } {
    const net = this.net;
    const s = net.segIds.find(id);
    const n = s < 0 ? net.nodeIds.find(id) : -1;
    if (s < 0 && n < 0) throw new NetworkError('unknown-id', { id, what: 'pipe or node', whatZh: '管段或节点' });
    const cat = s >= 0 ? net.segCat[s] : net.nodeCat[n];
    if (cat !== PS) {
      throw new NetworkError('wrong-kind', {
        id, is: `a ${catOf(cat)} asset`, isZh: `${catOf(cat)} 类设施`, need: `a gravity trace needs ${KIND_WORDS.drainageAsset.en}`,
        needZh: `重力流追踪需要${KIND_WORDS.drainageAsset.zh}`,
      });
    }
    return { seg: s, node: n };
  }

  private flags(segs: readonly number[]): SlopeFlag[] {
    const out: SlopeFlag[] = [];
    for (const s of segs) {
      const f = slopeFlag(this.net, s);
      if (f) out.push(f);
    }
    return out;
  }

  trace(direction: TraceDirection, from: string): TraceResult {
    const net = this.net;
    const st = this.drainageStart(from);
    const core = traceCore(net, direction, st.seg, st.node, this.sc);
    const nodes = core.nodes.map((n) => nodeItem(net, n));
    const outfalls = direction === 'downstream' ? nodes.filter((n) => n.type === 'outfall') : [];
    const slopeFlags = this.flags(core.segs);
    return {
      kind: 'trace',
      direction,
      start: st.seg >= 0
        ? { id: from, gid: st.seg, asset: 'segment', position: pipeItem(net, st.seg).position }
        : { id: from, gid: net.segmentCount + st.node, asset: 'node', position: nodePosition(net, st.node) },
      pipes: core.segs.map((s) => pipeItem(net, s)),
      nodes,
      outfalls,
      slopeFlags,
      counts: { pipes: core.segs.length, nodes: nodes.length, outfalls: outfalls.length, slopeFlags: slopeFlags.length },
      length: totalLength(net, core.segs),
    };
  }

  private outfallIndex(id: string): number {
    const net = this.net;
    const n = net.nodeIds.find(id);
    if (n < 0) {
      if (net.segIds.find(id) >= 0) throw new NetworkError('wrong-kind', { id, is: 'a pipe', isZh: '管段', need: `expected ${KIND_WORDS.outfall.en}`, needZh: `需要${KIND_WORDS.outfall.zh}` });
      throw new NetworkError('unknown-id', { id, what: 'outfall', whatZh: '排放口' });
    }
    if (net.nodeType[n] !== OUTFALL) {
      throw new NetworkError('wrong-kind', { id, is: `a ${NODE_TYPES[net.nodeType[n]]}`, isZh: `${NODE_TYPES[net.nodeType[n]]}`, need: `expected ${KIND_WORDS.outfall.en}`, needZh: `需要${KIND_WORDS.outfall.zh}` });
    }
    return n;
  }

  /** Catchment search and summary parts shared by catchment() and sectionOutfalls(). */
  private catchmentParts(n: number): { segs: number[]; nodes: number[]; sensors: SensorItem[]; outline: OutlineGeometry | null; area: number } {
    const net = this.net;
    const core = traceCore(net, 'upstream', -1, n, this.sc);
    // sc.seg / sc.node hold the catchment's marks now
    const S = net.segmentCount;
    const sensors: SensorItem[] = [];
    const byGid = this.sensorsByGid();
    const add = (gid: number): void => {
      const list = byGid.get(gid);
      if (!list) return;
      for (const r of list) sensors.push({ sensor: r.sensor, asset: gid < S ? net.segIds.get(gid) : net.nodeIds.get(gid - S), gid, metric: r.metric, alarmCapable: r.alarmCapable });
    };
    for (const x of core.segs) add(x);
    for (const x of core.nodes) add(S + x);
    const { outline, area } = this.outline(core.nodes);
    return { segs: core.segs, nodes: core.nodes, sensors, outline, area };
  }

  private sensorIndex: Map<number, SensorRec[]> | null = null;

  /** Sensors by the gid of their asset (built on first use). */
  private sensorsByGid(): Map<number, SensorRec[]> {
    if (!this.sensorIndex) {
      this.sensorIndex = new Map();
      for (const r of this.net.tables.sensors) {
        const l = this.sensorIndex.get(r.gid);
        if (l) l.push(r);
        else this.sensorIndex.set(r.gid, [r]);
      }
    }
    return this.sensorIndex;
  }

  /** Convex hull of the nodes (Turf), its area in km². */
  private outline(nodes: readonly number[]): { outline: OutlineGeometry | null; area: number } {
    if (nodes.length < 3) return { outline: null, area: 0 };
    const features = hullCandidates(this.net.nodePos, nodes).map((n) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: nodePosition(this.net, n) } }));
    const hull = convex({ type: 'FeatureCollection', features });
    if (!hull) return { outline: null, area: 0 };
    const ring = hull.geometry.coordinates[0] as LonLat[];
    return { outline: { type: 'Polygon', coordinates: [ring] }, area: Math.round(ringAreaM2(ring)) / 1e6 };
  }

  catchment(outfall: string): CatchmentResult {
    const net = this.net;
    const n = this.outfallIndex(outfall);
    const p = this.catchmentParts(n);
    const slopeFlags = this.flags(p.segs);
    return {
      kind: 'catchment',
      outfall: { ...nodeItem(net, n), river: this.outfallRiver.get(n) ?? null },
      pipes: p.segs.map((s) => pipeItem(net, s)),
      sensors: p.sensors,
      slopeFlags,
      outline: p.outline,
      area: p.area,
      counts: { pipes: p.segs.length, nodes: p.nodes.length, sensors: p.sensors.length, alarmCapable: p.sensors.filter((x) => x.alarmCapable).length, slopeFlags: slopeFlags.length },
      length: totalLength(net, p.segs),
    };
  }

  sectionOutfalls(section: string, options: SectionOptions = {}): SectionResult {
    const net = this.net;
    const withinM = options.withinM ?? DEFAULT_SECTION_WITHIN_M;
    const sec = net.tables.sections.find((x) => x.id === section);
    if (!sec) throw new NetworkError('unknown-id', { id: section, what: 'river section', whatZh: '监测断面' });
    const line = net.tables.centrelines.find((c) => c.river === sec.river);
    const c = sec.coords;
    const mid: LonLat = c.length ? [(c[0][0] + c[c.length - 1][0]) / 2, (c[0][1] + c[c.length - 1][1]) / 2] : [0, 0];
    const outfalls: CatchmentSummary[] = [];
    if (line) {
      const along = chainageOf(line.coords, mid).along;
      const upstream = makeUpstreamDistance(net.tables.centrelines);
      for (const [n, river] of net.tables.outfallRivers) {
        const d = upstream(sec.river, along, river, nodePosition(net, n));
        if (d === null || d > withinM) continue;
        const p = this.catchmentParts(n);
        outfalls.push({
          outfall: { ...nodeItem(net, n), river },
          along: Math.round(d),
          counts: { pipes: p.segs.length, nodes: p.nodes.length, sensors: p.sensors.length, alarmCapable: p.sensors.filter((x) => x.alarmCapable).length, slopeFlags: this.flags(p.segs).length },
          length: totalLength(net, p.segs),
          outline: p.outline,
          area: p.area,
          pipeGids: p.segs,
          sensors: p.sensors,
        });
      }
    }
    outfalls.sort((a, b) => a.along - b.along || a.outfall.gid - b.outfall.gid);
    const sum = (f: (o: CatchmentSummary) => number): number => outfalls.reduce((acc, o) => acc + f(o), 0);
    return {
      kind: 'section',
      section: { id: sec.id, name: sec.name, nameEn: sec.nameEn, river: sec.river, position: [Math.round(mid[0] * 1e7) / 1e7, Math.round(mid[1] * 1e7) / 1e7] },
      withinM,
      outfalls,
      counts: { outfalls: outfalls.length, pipes: sum((o) => o.counts.pipes), sensors: sum((o) => o.counts.sensors), alarmCapable: sum((o) => o.counts.alarmCapable) },
      length: Math.round(sum((o) => o.length) * 100) / 100,
    };
  }
}

/**
 * The nodes that can be corners of the convex hull (Akl–Toussaint, with 32 directions): the extreme node in each
 * direction makes a convex polygon of input points inside the hull; nodes strictly inside it cannot be corners, so
 * Turf's hull gets the same answer from far fewer points.
 */
export function hullCandidates(pos: Float64Array, nodes: readonly number[], directions = 32): number[] {
  const poly: number[] = [];
  for (let j = 0; j < directions; j++) {
    const c = Math.cos((2 * Math.PI * j) / directions);
    const sn = Math.sin((2 * Math.PI * j) / directions);
    let best = nodes[0];
    let bv = -Infinity;
    for (const n of nodes) {
      const v = pos[2 * n] * c + pos[2 * n + 1] * sn;
      if (v > bv) {
        bv = v;
        best = n;
      }
    }
    // extremes in increasing angle go round counter-clockwise; skip repeats
    if (poly[poly.length - 1] !== best && poly[0] !== best) poly.push(best);
  }
  if (poly.length < 3) return [...nodes];
  const m = poly.length;
  const ax = new Float64Array(m);
  const ay = new Float64Array(m);
  const dx = new Float64Array(m);
  const dy = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const a = poly[i];
    const b = poly[(i + 1) % m];
    ax[i] = pos[2 * a];
    ay[i] = pos[2 * a + 1];
    dx[i] = pos[2 * b] - ax[i];
    dy[i] = pos[2 * b + 1] - ay[i];
  }
  const out: number[] = [];
  for (const n of nodes) {
    const x = pos[2 * n];
    const y = pos[2 * n + 1];
    let inside = true;
    for (let i = 0; i < m; i++) {
      if (dx[i] * (y - ay[i]) - dy[i] * (x - ax[i]) <= 0) {
        inside = false;
        break;
      }
    }
    if (!inside) out.push(n);
  }
  return out;
}
