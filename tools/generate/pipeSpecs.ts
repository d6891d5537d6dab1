/**
 * What each pressure line is made of: sizes (DN or box, mm) per street class and the material rules, as a table.
 * pipes.ts reads a run's sub-type, size, material, burial, survey spacing and interior node type from here.
 *
 * Sizes are picked uniformly from the lists (a value listed twice is twice as likely). Materials follow the era and
 * the size: grey cast iron (ZT) before 1992, then ductile iron (QM) and steel (G), PE for small modern mains; power
 * ducts concrete (Z) or brick-and-concrete trenches (T) by age, PVC duct banks. Codes: src/domain/categories.ts.
 * The order of the random draws (size, then material) is part of the output: same seed, same network.
 */
import type { LineKey } from './layout';
import type { SegProps } from './network';
import type { Rng } from './prng';
import type { StreetClass } from './streets';

export type PressureLineKey = Exclude<LineKey, 'YS' | 'WS'>;
type Box = { readonly w: number; readonly h: number };

/** Sizes (mm) per line and street class. */
export const PIPE_SIZES = {
  /** distribution water mains, DN */
  JP: {
    bridge: [400, 500, 600],
    bankRoad: [500, 600, 800],
    arterial: [400, 500, 600],
    // DN 300 at least: secondary streets carry the feed between the arterials and whole blocks of local streets
    // (with DN 200 some parts of a zone lost their service pressure at the evening peak in the EPANET model)
    secondary: [300, 300, 400, 400],
    // no DN 100 on a street: in the EPANET model whole pressure sub-zones hung on a DN 100 street at the peak
    local: [150, 150, 150, 200, 200],
  },
  /** trunk water mains, DN */
  SS: [800, 1000, 1000, 1200],
  /** gas, DN by pressure class (GB 50028) */
  RQ: {
    subHighB: [400, 500],
    mediumA: [250, 300, 400],
    mediumB: [160, 200, 250],
    low: [63, 90, 110, 160],
  },
  /** power: trench boxes on arterials and bridges, duct banks on secondary streets, conduits on local streets */
  GD: {
    trench: [{ w: 1000, h: 1000 }, { w: 1200, h: 1200 }, { w: 1400, h: 1300 }],
    ductBank: [{ w: 800, h: 500 }, { w: 1000, h: 600 }],
    conduit: [150, 175, 200],
  },
  /** street lighting conduits, DN */
  LD: [50, 63, 75],
  /** telecom: duct banks by street class, or a direct-buried cable (DN) on some local streets */
  TX: {
    ductBank: {
      major: [{ w: 800, h: 400 }, { w: 1000, h: 500 }],
      secondary: [{ w: 600, h: 300 }, { w: 600, h: 400 }],
      local: [{ w: 400, h: 250 }, { w: 400, h: 300 }],
    },
    cable: [50, 75, 100],
  },
  /** district heating supply, DN */
  RL: [200, 250, 300, 400],
} as const satisfies Record<string, unknown>;

/** Fixed per-line rules: survey spacing (max segment length, m), interior survey node, earliest year laid. */
export const LINE_RULES: Record<PressureLineKey, { maxLen: number; interior: 'junction' | 'manhole'; minYear?: number }> = {
  JP: { maxLen: 75, interior: 'junction' },
  SS: { maxLen: 90, interior: 'junction' },
  RQ: { maxLen: 85, interior: 'junction' },
  GD: { maxLen: 65, interior: 'manhole', minYear: 1978 },
  LD: { maxLen: 45, interior: 'manhole', minYear: 1985 },
  TX: { maxLen: 80, interior: 'manhole', minYear: 1985 },
  TX2: { maxLen: 80, interior: 'manhole', minYear: 1985 },
  RL: { maxLen: 70, interior: 'junction', minYear: 2008 },
};

/** Bridge runs: in the deck (JK), surveyed every 100 m. */
export const BRIDGE_MAX_LEN = 100;

/** The street a run lies under, as the specs see it. */
export interface RunStreet {
  cls: StreetClass;
  bankRoad: boolean;
  /** telecom sub-type of the street's first and second line (XX / DH / DS) */
  tx: string;
  tx2: string;
  /** the arterial carries a sub-high-pressure gas trunk */
  gasTrunk: boolean;
}

/** Everything about a run that the table decides: the segments' attributes below, its survey spacing and nodes. */
export interface RunSpec extends Pick<SegProps, 'sub' | 'material' | 'dn' | 'box' | 'burial' | 'year' | 'pressureClass'> {
  maxLen: number;
  interior: 'junction' | 'manhole';
}

function gasClass(st: RunStreet): keyof typeof PIPE_SIZES.RQ {
  return st.gasTrunk ? 'subHighB' : st.cls === 'arterial' ? 'mediumA' : st.cls === 'secondary' ? 'mediumB' : 'low';
}

function jpSizes(st: RunStreet): readonly number[] {
  const s = PIPE_SIZES.JP;
  return st.cls === 'bridge' ? s.bridge : st.bankRoad ? s.bankRoad : st.cls === 'arterial' ? s.arterial : st.cls === 'secondary' ? s.secondary : s.local;
}

/**
 * The run of line `key` under street `st`, laid in `laidYear` (before the line's earliest year is applied), drawing
 * from `r` in a fixed order: size first, then material.
 */
export function runSpec(key: PressureLineKey, st: RunStreet, laidYear: number, r: Rng): RunSpec {
  const rules = LINE_RULES[key];
  const onBridge = st.cls === 'bridge';
  const year = rules.minYear === undefined ? laidYear : clampYear(Math.max(rules.minYear, laidYear));
  const spec: RunSpec = {
    sub: key,
    material: 'G',
    dn: null,
    box: null,
    burial: 'ZM',
    year,
    pressureClass: null,
    maxLen: rules.maxLen,
    interior: rules.interior,
  };
  switch (key) {
    case 'JP': {
      const dn = r.pick(jpSizes(st));
      spec.dn = dn;
      spec.material = year < 1992 ? (r.chance(0.8) ? 'ZT' : 'G')
        : dn <= 200 && year >= 2003 ? (r.chance(0.6) ? 'PE' : 'QM')
        : dn >= 800 ? 'G' : r.chance(0.85) ? 'QM' : 'G';
      break;
    }
    case 'SS':
      spec.dn = r.pick(PIPE_SIZES.SS);
      spec.material = year < 1990 ? 'G' : r.chance(0.6) ? 'G' : 'QM';
      break;
    case 'RQ': {
      const pc = gasClass(st);
      spec.sub = 'TR';
      spec.pressureClass = pc;
      spec.dn = r.pick(PIPE_SIZES.RQ[pc]);
      spec.material = year >= 2000 && (pc === 'low' || pc === 'mediumB') ? (r.chance(0.85) ? 'PE' : 'G') : 'G';
      break;
    }
    case 'GD':
      if (st.cls === 'arterial' || onBridge) {
        spec.box = { ...r.pick(PIPE_SIZES.GD.trench) };
        spec.material = year < 1992 ? 'Z' : 'T';
        spec.burial = onBridge ? 'JK' : 'GG';
      } else if (st.cls === 'secondary') {
        spec.box = { ...r.pick(PIPE_SIZES.GD.ductBank) };
        spec.material = 'PVC';
        spec.burial = 'GK';
      } else {
        spec.dn = r.pick(PIPE_SIZES.GD.conduit);
        spec.material = 'PVC';
        spec.burial = 'GM';
      }
      break;
    case 'LD':
      spec.dn = r.pick(PIPE_SIZES.LD);
      spec.material = 'PVC';
      spec.burial = 'GM';
      break;
    case 'TX':
    case 'TX2': {
      spec.sub = key === 'TX' ? st.tx : st.tx2;
      if (st.cls === 'local' && spec.sub === 'XX' && r.chance(0.35)) {
        spec.dn = r.pick(PIPE_SIZES.TX.cable);
        spec.material = 'GX';
        spec.burial = 'ZM';
      } else {
        const banks = PIPE_SIZES.TX.ductBank;
        const sizes: readonly Box[] = st.cls === 'arterial' || onBridge ? banks.major : st.cls === 'secondary' ? banks.secondary : banks.local;
        spec.box = { ...r.pick(sizes) };
        spec.material = 'PVC';
        spec.burial = onBridge ? 'JK' : 'GK';
      }
      break;
    }
    case 'RL':
      spec.sub = 'RS';
      spec.dn = r.pick(PIPE_SIZES.RL);
      spec.material = 'G';
      break;
  }
  if (onBridge) {
    spec.burial = 'JK';
    spec.maxLen = BRIDGE_MAX_LEN;
  }
  return spec;
}

export const YEAR_MIN = 1960;
export const YEAR_MAX = 2025;

export function clampYear(y: number): number {
  return Math.max(YEAR_MIN, Math.min(YEAR_MAX, y));
}
