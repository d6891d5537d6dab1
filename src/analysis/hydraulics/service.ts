/**
 * The hydraulics Worker's logic, without the Worker (testable in Node): loads the water network's records from the
 * tiler's asset chunks (assets/index.json + NNNNN.json, same origin), the EPANET engine by a dynamic import of
 * epanet-js (only now: it is a quarter of a megabyte compressed, its WebAssembly embedded, nothing fetched), and
 * answers protocol.ts requests. Models, signatures (per zone and hour) and the source choice are cached.
 */
import type { AssetChunkIndex, AssetRecord, PipeNode, PipeSegment } from '../../domain/schema';
import { chunkFileName } from '../../domain/schema';
import { buildGraph, type NetworkGraph } from './graph';
import { INLET_FIT_REL, localiseLeak } from './localise';
import { buildWaterModel, type WaterModel } from './model';
import { plausibleModel } from './plausible';
import type { CandidateView, HydraulicsRequest, HydraulicsResponse } from './protocol';
import { computeSignatures, type ZoneSignatures } from './signatures';
import { loadEngine, type Engine, type EpanetLib } from './solver';
import { isolationWhatIf } from './whatIf';

export type FetchJson = (url: string) => Promise<unknown>;

interface Network {
  segments: PipeSegment[];
  nodes: PipeNode[];
  whole: WaterModel;
  sources: 'data' | 'chosen';
  note: string;
}

export function createHydraulicsService(fetchJson: FetchJson, loadLib: () => Promise<EpanetLib>) {
  let engine: Promise<Engine> | null = null;
  let network: Promise<Network> | null = null;
  const zones = new Map<string, WaterModel>();
  const signatures = new Map<string, ZoneSignatures>();
  const graphs = new Map<string, NetworkGraph>();

  const getEngine = () => (engine ??= loadLib().then(loadEngine));

  async function loadNetwork(assetsUrl: string, progress: (done: number, total: number) => void): Promise<Network> {
    const base = assetsUrl.endsWith('/') ? assetsUrl : `${assetsUrl}/`;
    const index = (await fetchJson(`${base}index.json`)) as AssetChunkIndex;
    const chunks = Math.ceil(index.count / index.chunkSize);
    const segments: PipeSegment[] = [];
    const nodes: PipeNode[] = [];
    for (let c = 0; c < chunks; c++) {
      const records = (await fetchJson(`${base}${chunkFileName(c)}`)) as AssetRecord[];
      for (const r of records) {
        if (r.cat !== 'JS') continue;
        if (r.kind === 'segment') segments.push(r);
        else nodes.push(r);
      }
      progress(c + 1, chunks);
    }
    const p = plausibleModel(await getEngine(), { segments, nodes });
    return { segments, nodes, whole: p.model, sources: p.sources, note: p.note };
  }

  async function handle(req: HydraulicsRequest, post: (r: HydraulicsResponse) => void): Promise<HydraulicsResponse> {
    const { requestId } = req;
    try {
      network ??= loadNetwork(req.assetsUrl, (done, total) => post({ type: 'progress', requestId, stage: 'load', done, total }));
      const net = await network;
      const eng = await getEngine();
      if (req.type === 'what-if') {
        return { type: 'what-if', requestId, result: isolationWhatIf(eng, net.whole, req.valves, req.affected, { hour: req.hour }) };
      }
      let model = zones.get(req.zone);
      if (!model) zones.set(req.zone, (model = buildWaterModel(net.segments, net.nodes, { zone: req.zone, sources: net.sources })));
      const hour = Math.floor(req.hour) % 24;
      const key = `${req.zone}@${hour}`;
      let sig = signatures.get(key);
      let signatureMs = 0;
      if (!sig) {
        const t0 = Date.now();
        const sites = req.readings.map((r) => ({ sensor: r.sensor, node: r.node }));
        sig = computeSignatures(eng, model, sites, { hour, onProgress: (done, total) => post({ type: 'progress', requestId, stage: 'signatures', done, total }) });
        signatureMs = Date.now() - t0;
        signatures.set(key, sig);
      }
      const s = sig;
      const residual = new Map<string, number>();
      const observed = new Map(req.readings.map((r) => [r.sensor, r.valueM]));
      s.sensors.forEach((id, i) => {
        const v = observed.get(id);
        if (v !== undefined && Number.isFinite(v)) residual.set(id, v - s.base[i]);
      });
      let inletFlow: Map<string, number> | undefined;
      // the app sends every inlet meter of the zone; those the model does not have (other sources chosen) are left out
      if (req.inlets?.length) {
        const flows = new Map(req.inlets.map((x) => [x.inlet, x.flowLps]));
        inletFlow = new Map();
        s.inlets.forEach((id, i) => {
          const q = flows.get(id);
          if (q !== undefined && Number.isFinite(q)) inletFlow!.set(id, q - s.inletBase[i]);
        });
      }
      let graph = graphs.get(req.zone);
      if (!graph) graphs.set(req.zone, (graph = buildGraph(model, true)));
      if (inletFlow && !inletFlow.size) inletFlow = undefined;
      const localisation = localiseLeak(model, s, residual, { graph, ...(inletFlow ? { inletFlow, meterRel: INLET_FIT_REL } : {}) });
      const segById = new Map(net.segments.map((x) => [x.id, x]));
      const view = (pipe: string): Pick<CandidateView, 'gid' | 'position'> => {
        const seg = segById.get(pipe);
        const c = seg?.coords ?? [];
        return { gid: seg?.gid ?? -1, position: c.length ? c[Math.floor(c.length / 2)] : [0, 0] };
      };
      return {
        type: 'located',
        requestId,
        result: {
          zone: req.zone,
          hour,
          localisation: { ...localisation, candidates: localisation.candidates.slice(0, 20) },
          candidates: localisation.candidates.slice(0, 20).map((c) => ({ ...c, ...view(c.pipe) })),
          stretchGids: localisation.stretch.map((p) => view(p).gid).filter((g) => g >= 0),
          note: net.note,
          signatureMs,
          inletsUsed: inletFlow?.size ?? 0,
        },
      };
    } catch (e) {
      if (network) network.catch(() => (network = null));
      return { type: 'error', requestId, message: e instanceof Error ? e.message : String(e) };
    }
  }

  return { handle };
}
