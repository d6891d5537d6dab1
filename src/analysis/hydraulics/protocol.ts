/**
 * Messages between the app and the hydraulics Worker (worker.ts). Every request gets one final response with the same
 * requestId ('located', 'what-if' or 'error'); long requests send 'progress' messages before it.
 *
 *   const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
 *   w.postMessage({ type: 'locate', requestId: 1, assetsUrl: 'tiles/pipes/assets/', zone: '渝中高区', hour: 19, readings });
 */
import type { LonLat } from '../../domain/schema';
import type { Localisation } from './localise';
import type { WhatIfResult } from './whatIf';

/** A pressure reading at a sensor: its asset (a water node id) and the value in metres of water. */
export interface PressureReading {
  sensor: string;
  node: string;
  valueM: number;
}

/** A flow reading at a sub-zone inlet meter: the model's inlet (its reservoir id, ZoneSignatures.inlets) and L/s into the network. */
export interface InletReading {
  inlet: string;
  flowLps: number;
}

export type HydraulicsRequest =
  /**
   * rank the zone's pipes for a leak from the readings (the signatures of `zone` at `hour` are computed once, cached);
   * `inlets`: the district meters at the sub-zone inlets when the feed has them (every litre a leak takes passes one)
   */
  | { type: 'locate'; requestId: number; assetsUrl: string; zone: string; hour: number; readings: PressureReading[]; inlets?: InletReading[] }
  /** pressure-driven run with `valves` closed; `affected`: the graph trace's customers, for the disagreements */
  | { type: 'what-if'; requestId: number; assetsUrl: string; valves: string[]; affected: string[]; hour: number };

export interface CandidateView {
  pipe: string;
  gid: number;
  /** middle of the pipe */
  position: LonLat;
  score: number;
  leakLps: number;
  length: number;
}

export interface LocateResult {
  zone: string;
  hour: number;
  localisation: Localisation;
  /** the first candidates with where they are */
  candidates: CandidateView[];
  /** gids of the stretch (the pipes nearly as likely as the best) */
  stretchGids: number[];
  /** model notes (sources chosen instead of the data's, …) */
  note: string;
  /** ms spent on the signatures (0 when cached) */
  signatureMs: number;
  /** how many inlet meter readings of the request matched an inlet of the zone's model and were used (0: pressures alone) */
  inletsUsed: number;
}

export type HydraulicsResponse =
  | { type: 'progress'; requestId: number; stage: 'load' | 'signatures'; done: number; total: number }
  | { type: 'located'; requestId: number; result: LocateResult }
  | { type: 'what-if'; requestId: number; result: WhatIfResult }
  | { type: 'error'; requestId: number; message: string };
