/**
 * Network traces on the 1,000,000-segment network. Run: `npm run bench -- trace`.
 *
 * Input: data/big (made by `npm run data -- --segments 1000000 --out data/big`; generated here first if missing, a few
 * minutes). A data/big from before the network model (meta.json without `network`) has no sources or valve states:
 * the bench says so and regenerates it into tmp/trace-big instead.
 *
 * Figures, each against a baseline measured in the same run (graphology 0.26, the same searches written on it):
 *   - graph build: dataset records → typed arrays + CSR (NetworkBuilder) vs the same records → a graphology
 *     directed multigraph with the same attributes; memory of each (heap + array buffers after GC); the Worker's
 *     decode of network.bin.
 *   - isolation p50 / p95 at 25 seeded water and gas pipes (valve search + secondary outage; the search core, then
 *     the full result with ids and positions) vs graphology; the answers (valves, isolated and outage counts) are
 *     checked equal.
 *   - catchment p50 / p95 at 25 seeded outfalls, and the largest outfall's whole catchment, vs graphology's
 *     bfsFromNode (mode 'inbound'); counts checked equal.
 * Targets (issue 10): isolation and catchment p50 < 50 ms each.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Graph from 'graphology';
import { bfsFromNode } from 'graphology-traversal';
import { decodeNetwork, encodeNetwork } from '../src/analysis/network/codec';
import { NetworkEngine } from '../src/analysis/network/engine';
import { PS, traceCore } from '../src/analysis/network/gravity';
import { isolateCore, markFed, PRESSURE_CATS } from '../src/analysis/network/isolate';
import { FLAG_CLOSED, FLAG_INOPERABLE, FLAG_SOURCE, incidence, NODE_TYPES, type NetworkData } from '../src/analysis/network/model';
import { Marks, Stack } from '../src/analysis/network/scratch';
import { CATEGORY_CODES } from '../src/domain/categories';
import { loadNetwork } from '../tools/network/buildNetwork';

const ROOT = resolve(import.meta.dirname, '..');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const POSITIONS = 25;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p + 0.5))];
}
const ms = (v: number): string => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
const ratio = (a: number, b: number): string => `${(b / a).toFixed(1)}×`;
function mem(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
const mib = (n: number): string => `${(n / 1048576).toFixed(0)} MiB`;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dataset(): string {
  const big = join(ROOT, 'data/big');
  const ok = (dir: string): boolean => existsSync(join(dir, 'meta.json')) && 'network' in (JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as object);
  if (ok(big)) return big;
  const dir = existsSync(join(big, 'meta.json')) ? join(ROOT, 'tmp/trace-big') : big;
  if (ok(dir)) return dir;
  console.log(`${existsSync(join(big, 'meta.json')) ? 'data/big has no network model (older generator)' : 'no data/big'}: generating 1,000,000 segments into ${dir} first`);
  const g = spawnSync(process.execPath, ['--import', 'tsx', 'tools/generate/cli.ts', '--segments', '1000000', '--out', dir], { cwd: ROOT, stdio: 'inherit' });
  if (g.status !== 0) throw new Error('generator failed');
  return dir;
}

/** The same network as a graphology directed multigraph (edge = segment from → to), with the attributes searched. */
function toGraphology(net: NetworkData): Graph {
  const g = new Graph({ type: 'directed', multi: true, allowSelfLoops: true });
  for (let n = 0; n < net.nodeCount; n++) {
    const f = net.nodeFlags[n];
    g.addNode(net.nodeIds.get(n), {
      cat: net.nodeCat[n], valve: net.nodeType[n] === VALVE, closed: (f & FLAG_CLOSED) !== 0, inoperable: (f & FLAG_INOPERABLE) !== 0,
      source: (f & FLAG_SOURCE) !== 0, meter: net.nodeType[n] === METER,
    });
  }
  for (let s = 0; s < net.segmentCount; s++) {
    g.addDirectedEdgeWithKey(net.segIds.get(s), net.nodeIds.get(net.segFrom[s]), net.nodeIds.get(net.segTo[s]), { cat: net.segCat[s] });
  }
  return g;
}
const VALVE = NODE_TYPES.indexOf('valve');
const METER = NODE_TYPES.indexOf('meter');

interface NodeAttr {
  cat: number;
  valve: boolean;
  closed: boolean;
  inoperable: boolean;
  source: boolean;
}

/**
 * Isolation on graphology, the same algorithm as isolate.ts: the section search, then from the far side of each valve
 * to close a search that stops at a source or at a part an earlier search found fed; parts that run out are the outage
 * (their pipes that were fed before). The "fed before" set is computed once per network, as in the engine.
 */
function graphologyIsolate(g: Graph, pipe: string, sourceIds: string[], baseline: Map<number, Set<string>>): { close: number; section: number; outage: number } {
  const cat = g.getEdgeAttribute(pipe, 'cat') as number;
  const section = new Set<string>([pipe]);
  const seenNode = new Set<string>();
  const close: string[] = [];
  const stack = [pipe];
  while (stack.length) {
    const e = stack.pop() as string;
    for (const n of g.extremities(e)) {
      if (seenNode.has(n)) continue;
      seenNode.add(n);
      const a = g.getNodeAttributes(n) as NodeAttr;
      if (a.source) throw new Error('contains-source');
      if (a.valve) {
        if (a.closed) continue;
        if (!a.inoperable) {
          close.push(n);
          continue;
        }
      }
      g.forEachEdge(n, (x, attr) => {
        if (attr.cat === cat && !section.has(x)) {
          section.add(x);
          stack.push(x);
        }
      });
    }
  }
  if (close.length === 0) throw new Error('not-isolable');
  let before = baseline.get(cat);
  if (!before) {
    before = new Set<string>();
    const seen = new Set<string>();
    const st: string[] = [];
    for (const s of sourceIds) {
      const a = g.getNodeAttributes(s) as NodeAttr;
      if (a.cat !== cat || a.closed) continue;
      seen.add(s);
      st.push(s);
    }
    const fed = before;
    while (st.length) {
      const n = st.pop() as string;
      g.forEachEdge(n, (x, attr, src, dst) => {
        if (attr.cat !== cat || fed.has(x)) return;
        fed.add(x);
        for (const m of [src, dst]) {
          if (seen.has(m)) continue;
          seen.add(m);
          const a = g.getNodeAttributes(m) as NodeAttr;
          if (!(a.valve && a.closed)) st.push(m);
        }
      });
    }
    baseline.set(cat, before);
  }
  const shut = new Set(close);
  const regionOf = new Map<string, number>();
  const expanded = new Set<string>();
  let outage = 0;
  let next = 0;
  for (const v of close) {
    g.forEachEdge(v, (x0, attr0) => {
      if (attr0.cat !== cat || section.has(x0) || regionOf.has(x0)) return;
      const r = ++next;
      regionOf.set(x0, r);
      const list = [x0];
      const st = [x0];
      let fed = false;
      while (st.length && !fed) {
        const e = st.pop() as string;
        for (const n of g.extremities(e)) {
          const a = g.getNodeAttributes(n) as NodeAttr;
          if ((a.valve && a.closed) || shut.has(n)) continue;
          if (a.source) {
            fed = true;
            break;
          }
          if (expanded.has(n)) continue;
          expanded.add(n);
          g.forEachEdge(n, (x, attr) => {
            if (fed || attr.cat !== cat || section.has(x)) return;
            const q = regionOf.get(x);
            if (q === r) return;
            if (q !== undefined) {
              fed = true;
              return;
            }
            regionOf.set(x, r);
            list.push(x);
            st.push(x);
          });
          if (fed) break;
        }
      }
      if (!fed) for (const x of list) if (before?.has(x)) outage++;
    });
  }
  return { close: close.length, section: section.size, outage };
}

function graphologyCatchment(g: Graph, outfall: string): number {
  let pipes = 0;
  bfsFromNode(g, outfall, (node) => {
    g.forEachInEdge(node, (_e, attr) => {
      if (attr.cat === PS) pipes++;
    });
  }, { mode: 'inbound' });
  return pipes;
}

function time<T>(f: () => T): { v: T; ms: number } {
  const t0 = performance.now();
  const v = f();
  return { v, ms: performance.now() - t0 };
}

function main(): void {
  const dir = dataset();
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { name: string };
  console.log(`input: ${meta.name} (${dir.replace(`${ROOT}/`, '')})`);

  // --- build
  const m0 = mem();
  const build = time(() => loadNetwork(dir));
  const net = build.v;
  const netMem = mem() - m0;
  const enc = time(() => encodeNetwork(net));
  const dec = time(() => decodeNetwork(enc.v));
  console.log(`network: ${net.segmentCount} segments, ${net.nodeCount} nodes, ${net.tables.sources.length} sources; network.bin ${mib(enc.v.byteLength)}`);
  const csr = time(() => incidence(net.segFrom, net.segTo, net.nodeCount));
  const m1 = mem();
  const gb = time(() => toGraphology(net));
  const graph = gb.v;
  const gMem = mem() - m1;
  console.log(`read + build from NDJSON (NetworkBuilder, what tools/network/buildNetwork.ts does): ${(build.ms / 1000).toFixed(1)} s`);
  console.log(`graph build from the same arrays in memory: CSR ${ms(csr.ms)} | graphology ${(gb.ms / 1000).toFixed(1)} s → CSR ${ratio(csr.ms, gb.ms)} faster`);
  console.log(`memory after GC: CSR network ${mib(netMem)} | graphology ${mib(gMem)} (${ratio(netMem, gMem)} more)`);
  console.log(`Worker load: decode network.bin ${ms(dec.ms)} (views + id hashes), encode ${ms(enc.ms)}`);

  // --- isolation
  const engine = new NetworkEngine(dec.v);
  const rnd = mulberry32(20261203);
  const pressureCats = new Set(CATEGORY_CODES.map((c, i) => (PRESSURE_CATS.has(c) && c !== 'RL' ? i : -1)));
  const picks: number[] = [];
  const tries = new Set<number>();
  while (picks.length < POSITIONS && tries.size < 10_000) {
    const s = Math.floor(rnd() * net.segmentCount);
    if (tries.has(s) || !pressureCats.has(net.segCat[s])) continue;
    tries.add(s);
    try {
      engine.isolate(net.segIds.get(s));
      picks.push(s);
    } catch {
      // a section with a source / without a valve: not a measurement position
    }
  }
  const sc = { seg: new Marks(net.segmentCount), region: new Uint32Array(net.segmentCount), nextRegion: 0, node: new Marks(net.nodeCount), stack: new Stack() };
  const closeMarks = new Marks(net.nodeCount);
  const baselines = new Map<number, Marks>();
  const coreMs: number[] = [];
  const fullMs: number[] = [];
  const gMs: number[] = [];
  const sourceIds = net.tables.sources.map((r) => net.nodeIds.get(r.node));
  const gBase = new Map<number, Set<string>>();
  // baselines (fed before) are computed once per network in both engines: warm them outside the timings
  for (const s of picks) {
    const cat = net.segCat[s];
    if (!baselines.has(cat)) {
      const m = new Marks(net.segmentCount);
      markFed(dec.v, cat, null, m, sc.node, sc.stack);
      baselines.set(cat, m);
    }
    graphologyIsolate(graph, net.segIds.get(s), sourceIds, gBase);
  }
  let outageSeen = 0;
  for (const s of picks) {
    const core = time(() => isolateCore(dec.v, s, new Set(), sc, baselines.get(net.segCat[s]) as Marks, closeMarks));
    const full = time(() => engine.isolate(net.segIds.get(s)));
    const gr = time(() => graphologyIsolate(graph, net.segIds.get(s), sourceIds, gBase));
    coreMs.push(core.ms);
    fullMs.push(full.ms);
    gMs.push(gr.ms);
    const c = full.v.counts;
    if (c.valvesToClose !== gr.v.close || c.isolatedPipes !== gr.v.section || c.outagePipes !== gr.v.outage) {
      throw new Error(`isolation of ${net.segIds.get(s)} differs: CSR ${c.valvesToClose}/${c.isolatedPipes}/${c.outagePipes}, graphology ${gr.v.close}/${gr.v.section}/${gr.v.outage}`);
    }
    if (c.outagePipes > 0) outageSeen++;
  }
  console.log(`isolation (${picks.length} water/gas pipes, ${outageSeen} with a secondary outage; answers equal):`);
  console.log(`  CSR search p50 ${ms(pct(coreMs, 0.5))} p95 ${ms(pct(coreMs, 0.95))} | full result p50 ${ms(pct(fullMs, 0.5))} p95 ${ms(pct(fullMs, 0.95))} | graphology p50 ${ms(pct(gMs, 0.5))} p95 ${ms(pct(gMs, 0.95))} → CSR ${ratio(pct(coreMs, 0.5), pct(gMs, 0.5))} faster (search), ${ratio(pct(fullMs, 0.5), pct(gMs, 0.5))} (full result)`);

  // --- catchments
  const OUTFALL = NODE_TYPES.indexOf('outfall');
  const outfalls: number[] = [];
  for (let n = 0; n < net.nodeCount; n++) if (net.nodeType[n] === OUTFALL) outfalls.push(n);
  let largest = outfalls[0];
  let largestSize = -1;
  const tAll = time(() => {
    for (const n of outfalls) {
      const c = traceCore(dec.v, 'upstream', -1, n, sc).segs.length;
      if (c > largestSize) {
        largestSize = c;
        largest = n;
      }
    }
  });
  console.log(`catchments: ${outfalls.length} outfalls, all searched in ${ms(tAll.ms)}; largest ${net.nodeIds.get(largest)} with ${largestSize} pipes`);
  const cPicks = Array.from({ length: POSITIONS }, () => outfalls[Math.floor(rnd() * outfalls.length)]);
  const cCore: number[] = [];
  const cFull: number[] = [];
  const cG: number[] = [];
  for (const n of cPicks) {
    const core = time(() => traceCore(dec.v, 'upstream', -1, n, sc));
    const full = time(() => engine.catchment(net.nodeIds.get(n)));
    const gr = time(() => graphologyCatchment(graph, net.nodeIds.get(n)));
    if (core.v.segs.length !== gr.v || full.v.counts.pipes !== gr.v) throw new Error(`catchment of ${net.nodeIds.get(n)} differs: ${core.v.segs.length} vs ${gr.v}`);
    cCore.push(core.ms);
    cFull.push(full.ms);
    cG.push(gr.ms);
  }
  console.log(`catchment (${POSITIONS} outfalls; counts equal): CSR search p50 ${ms(pct(cCore, 0.5))} p95 ${ms(pct(cCore, 0.95))} | full result (items, sensors, Turf hull) p50 ${ms(pct(cFull, 0.5))} p95 ${ms(pct(cFull, 0.95))} | graphology p50 ${ms(pct(cG, 0.5))} p95 ${ms(pct(cG, 0.95))} → ${ratio(pct(cCore, 0.5), pct(cG, 0.5))} (search), ${ratio(pct(cFull, 0.5), pct(cG, 0.5))} (full)`);
  const L: number[] = [];
  const LF: number[] = [];
  const LG: number[] = [];
  for (let i = 0; i < 7; i++) {
    L.push(time(() => traceCore(dec.v, 'upstream', -1, largest, sc)).ms);
    LF.push(time(() => engine.catchment(net.nodeIds.get(largest))).ms);
    LG.push(time(() => graphologyCatchment(graph, net.nodeIds.get(largest))).ms);
  }
  console.log(`largest catchment (${largestSize} pipes, 7 runs; the first full result ${ms(LF[0])}, ids decoded then kept): CSR search p50 ${ms(pct(L, 0.5))} | full result p50 ${ms(pct(LF, 0.5))} | graphology p50 ${ms(pct(LG, 0.5))} → ${ratio(pct(L, 0.5), pct(LG, 0.5))} (search), ${ratio(pct(LF, 0.5), pct(LG, 0.5))} (full)`);
  const target = (v: number): string => (v < 50 ? 'met' : 'MISSED');
  console.log(`targets (p50 < 50 ms, full results): isolation ${target(pct(fullMs, 0.5))}, catchment ${target(pct(cFull, 0.5))}, largest catchment ${target(pct(LF, 0.5))}`);
}

main();
