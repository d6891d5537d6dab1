/**
 * Public types of the drawings analysis (src/analysis/drawings/): cross-sections (横断面), long profiles (纵断面),
 * clearance (净距) and cover (覆土) checks. Pure types; every result is plain JSON (structured-clone safe).
 * Depths are metres below ground; elevations metres (1985 national height datum); offsets and chainages metres.
 */
import type { ClearanceClass } from '../../domain/clearances';
import type { Certainty } from '../../domain/cover';
import type { CategoryCode, LonLat, NodeType, PipeSegment } from '../../domain/schema';

/** The fields of a segment record the drawings read (PipeSegment satisfies it). */
export type DrawingPipe = Pick<
  PipeSegment,
  | 'id' | 'gid' | 'cat' | 'sub' | 'from' | 'to' | 'coords' | 'material' | 'dn' | 'box' | 'depth0' | 'depth1'
  | 'ground0' | 'ground1' | 'burial' | 'crossing' | 'pressureClass' | 'invert0' | 'invert1' | 'owner'
> & { underCarriageway?: boolean };

/** The fields of a node record a profile reads. */
export interface DrawingNode {
  id: string;
  type: NodeType;
  position: LonLat;
  ground: number;
  depth: number;
}

/** A pipe where a section line crosses it. */
export interface SectionPipe {
  id: string;
  gid: number;
  cat: CategoryCode;
  sub: string;
  material: string;
  dn: number | null;
  box: { w: number; h: number } | null;
  owner: string;
  cls: ClearanceClass;
  /** metres along the section line from its first point to the pipe's centre */
  offset: number;
  /** outer width and height of the section, metres (DN or box) */
  width: number;
  height: number;
  /** depth of the pipe top (crown) and bottom (invert) below ground at the crossing, metres */
  crownDepth: number;
  invertDepth: number;
  /** ground elevation at the crossing (interpolated along the pipe) */
  ground: number;
  /** angle between the section line and the pipe, degrees 0…90 */
  angle: number;
  position: LonLat;
}

/** A clear distance between two neighbours of a section (or a pair of the network check). */
export interface ClearancePair {
  a: string;
  b: string;
  kind: 'horizontal' | 'vertical';
  /** measured clear distance, metres (edge to edge; negative = overlapping) */
  clear: number;
  /** the table's minimum, null when the table has no row for this pair */
  min: number | null;
  sure: Certainty | null;
  source: string | null;
  /** false = violation; null = no rule */
  ok: boolean | null;
}

export interface CrossSection {
  kind: 'cross-section';
  line: LonLat[];
  /** metres */
  length: number;
  /** by offset */
  pipes: SectionPipe[];
  /** ground elevation along the line (at the ends and every crossing), by offset; empty when nothing is crossed */
  ground: { offset: number; elevation: number }[];
  pairs: ClearancePair[];
  violations: number;
}

/** A node along a profile. */
export interface ProfileStation {
  id: string;
  type: NodeType | 'unknown';
  /** metres from the profile's start */
  chainage: number;
  ground: number;
  /** invert of the pipe arriving (null at the start) and leaving (null at the end), elevations */
  invertIn: number | null;
  invertOut: number | null;
  /** depth below ground of the lowest invert there, metres */
  depth: number;
  /** invertIn − invertOut when > 0.005 m: a drop (跌水); < −0.005 m: a step up against the flow (flagged) */
  drop: number | null;
  flag: 'drop' | 'step-up' | null;
}

/** A pipe along a profile, in the profile's direction. */
export interface ProfileSegment {
  id: string;
  gid: number;
  cat: CategoryCode;
  sub: string;
  dn: number | null;
  box: { w: number; h: number } | null;
  material: string;
  /** walked against its recorded from → to */
  reversed: boolean;
  chainage0: number;
  chainage1: number;
  length: number;
  ground0: number;
  ground1: number;
  invert0: number;
  invert1: number;
  crown0: number;
  crown1: number;
  /** fall per metre along the profile direction: (invert0 − invert1) / length; positive = falls */
  slope: number;
  /** the invert rises along the profile direction (> 1 mm) */
  adverse: boolean;
}

export interface LongProfile {
  kind: 'long-profile';
  from: string;
  to: string;
  stations: ProfileStation[];
  segments: ProfileSegment[];
  /** metres */
  length: number;
  counts: { adverse: number; drops: number; stepUps: number };
}

/** One violation of the network check. */
export interface CheckViolation {
  kind: 'horizontal' | 'vertical' | 'cover';
  a: string;
  /** the other pipe; null for cover */
  b: string | null;
  catA: CategoryCode;
  catB: CategoryCode | null;
  /** measured clear distance or cover, metres */
  value: number;
  min: number;
  sure: Certainty;
  source: string;
  position: LonLat;
}

export interface CheckResult {
  kind: 'clearance-check';
  checked: { segments: number; candidatePairs: number; parallel: number; crossings: number; noRule: number; cover: number };
  violations: CheckViolation[];
  counts: { horizontal: number; vertical: number; cover: number };
  /** true when the check was cancelled before the end (the violations found so far) */
  cancelled: boolean;
}
