/**
 * Running EPANET (epanet-js, OWA EPANET compiled to WebAssembly) on an INP text. The library is passed in — callers
 * load it with a dynamic `import('epanet-js')` only when they need it (worker.ts, the CLIs, the simulator) — so this
 * module stays a few kB and pure.
 *
 * Per the measured pitfall (design.md): a project is opened for each run and closed after it; the Workspace (the
 * loaded WebAssembly module) is kept.
 */
import type * as Epanet from 'epanet-js';

export type EpanetLib = typeof Epanet;
export type EpanetWorkspace = InstanceType<EpanetLib['Workspace']>;
export type EpanetProject = InstanceType<EpanetLib['Project']>;

/** A loaded engine: the library and one Workspace. */
export interface Engine {
  lib: EpanetLib;
  ws: EpanetWorkspace;
}

export async function loadEngine(lib: EpanetLib): Promise<Engine> {
  const ws = new lib.Workspace();
  await ws.loadModule();
  return { lib, ws };
}

let serial = 0;

/** An INP opened in a fresh project; `use` runs with it, the project is closed after. Errors carry the report. */
export function withProject<T>(engine: Engine, inp: string, use: (p: EpanetProject, report: () => string) => T): T {
  const { lib, ws } = engine;
  const name = `m${++serial}`;
  ws.writeFile(`${name}.inp`, inp);
  const p = new lib.Project(ws);
  const report = () => {
    try {
      return ws.readFile(`${name}.rpt`) as string;
    } catch {
      return '';
    }
  };
  try {
    p.open(`${name}.inp`, `${name}.rpt`, '');
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${errorLines(report())}`);
  }
  // epanet-js reports EPANET's warnings (codes 1–6: unbalanced, negative pressures, …) on console.warn only
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (/epanet-js \(Warning/.test(text)) engineWarnings.push(text.replace(/^epanet-js \(Warning \d+\):\s*/, ''));
    else warn(...args);
  };
  const engineWarnings: string[] = [];
  try {
    return use(p, () => [...engineWarnings.map((w) => `WARNING: ${w.replace(/^WARNING:\s*/, '')}`), report()].join('\n'));
  } finally {
    console.warn = warn;
    p.close();
  }
}

function errorLines(rpt: string): string {
  return rpt
    .split('\n')
    .filter((l) => /error|warning/i.test(l))
    .slice(0, 12)
    .join('\n');
}

/** Warning lines of an EPANET report ("WARNING: …"). */
export function warningsOf(rpt: string): string[] {
  return rpt.split('\n').map((l) => l.trim()).filter((l) => /^WARNING/i.test(l) || /^\d+:\d+:\d+: WARNING/i.test(l));
}

/** Node and link index tables of an open project, in the order of the given ids (EPANET indices are 1-based; unknown ids 0). */
export function indexOf(p: EpanetProject, nodeIds: readonly string[], linkIds: readonly string[] = []): { nodes: Int32Array; links: Int32Array } {
  // an id the project does not have gets 0 (its values read NaN)
  const safe = (get: (id: string) => number) => (id: string) => {
    try {
      return get(id);
    } catch {
      return 0;
    }
  };
  return {
    nodes: Int32Array.from(nodeIds, safe((id) => p.getNodeIndex(id))),
    links: Int32Array.from(linkIds, safe((id) => p.getLinkIndex(id))),
  };
}

export interface Snapshot {
  /** pressure, m, per requested node (in the order asked) */
  pressure: Float64Array;
  /** delivered demand (incl. emitters), L/s */
  demand: Float64Array;
  /** flow, L/s, per requested link */
  flow: Float64Array;
  warnings: string[];
}

/** Pick values of the 0-based `getNodeValues` array for 1-based indices. */
export function pick(all: ArrayLike<number>, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = idx[i] > 0 ? all[idx[i] - 1] : Number.NaN;
  return out;
}

/** One steady state (the INP should have Duration 0). */
export function solveSnapshot(engine: Engine, inp: string, nodeIds: readonly string[], linkIds: readonly string[] = []): Snapshot {
  const { NodeProperty, LinkProperty } = engine.lib;
  return withProject(engine, inp, (p, report) => {
    const ix = indexOf(p, nodeIds, linkIds);
    p.solveH();
    return {
      pressure: pick(p.getNodeValues(NodeProperty.Pressure), ix.nodes),
      demand: pick(p.getNodeValues(NodeProperty.Demand), ix.nodes),
      flow: pick(p.getLinkValues(LinkProperty.Flow), ix.links),
      warnings: warningsOf(report()),
    };
  });
}

/**
 * An extended-period run: pressures at `nodeIds` at every hydraulic step (seconds from the start → values).
 * Steps are those EPANET takes (the INP's hydraulic step and pattern changes).
 */
export function solveExtended(
  engine: Engine,
  inp: string,
  nodeIds: readonly string[],
  linkIds: readonly string[] = [],
): { times: number[]; pressure: Float64Array[]; flow: Float64Array[]; warnings: string[] } {
  const { NodeProperty, LinkProperty, InitHydOption } = engine.lib;
  return withProject(engine, inp, (p, report) => {
    const ix = indexOf(p, nodeIds, linkIds);
    const times: number[] = [];
    const pressure: Float64Array[] = [];
    const flow: Float64Array[] = [];
    p.openH();
    p.initH(InitHydOption.NoSave);
    for (;;) {
      const t = p.runH();
      times.push(t);
      pressure.push(pick(p.getNodeValues(NodeProperty.Pressure), ix.nodes));
      flow.push(pick(p.getLinkValues(LinkProperty.Flow), ix.links));
      if (p.nextH() <= 0) break;
    }
    p.closeH();
    return { times, pressure, flow, warnings: warningsOf(report()) };
  });
}
