import { describe, expect, it } from 'vitest';
import {
  GB3838_TABLE1,
  basinGrade,
  classifyParam,
  classifySection,
  exceedanceMultiple,
  goodRatio,
  primaryPollutants,
  wqStatus,
  type WqClass,
  type WqParam,
} from '../../../src/domain/waterQuality';

/** GB 3838-2002 Table 1, written out again by hand (not derived from the module) so a typo in either fails. */
const RIVER: Record<string, [number, number, number, number, number]> = {
  do: [7.5, 6, 5, 3, 2],
  codmn: [2, 4, 6, 10, 15],
  cod: [15, 15, 20, 30, 40],
  bod5: [3, 3, 4, 6, 10],
  nh3n: [0.15, 0.5, 1.0, 1.5, 2.0],
  tp: [0.02, 0.1, 0.2, 0.3, 0.4],
};
const LAKE_TP: [number, number, number, number, number] = [0.01, 0.025, 0.05, 0.1, 0.2];
const LAKE_TN: [number, number, number, number, number] = [0.2, 0.5, 1.0, 1.5, 2.0];

/** The best class whose limit equals the boundary (COD, BOD5: I and II share a limit → I). */
function bestClassAt(limits: number[], i: number): WqClass {
  return (limits.indexOf(limits[i]) + 1) as WqClass;
}

const EPS = 1e-9;

describe('GB 3838 Table 1 boundaries (rivers)', () => {
  for (const [param, limits] of Object.entries(RIVER)) {
    const p = param as WqParam;
    const lower = p === 'do';
    for (let i = 0; i < 5; i++) {
      const lim = limits[i];
      it(`${p} exactly at class ${i + 1} limit ${lim} → class ${bestClassAt(limits, i)}`, () => {
        expect(classifyParam(p, lim, 'river')).toBe(bestClassAt(limits, i));
      });
      const worse = lower ? lim - EPS : lim + EPS;
      const expected = (i === 4 ? 6 : i + 2) as WqClass;
      // just past the limit falls to the next class (劣V past class V), unless the next class shares the limit
      const nextShares = i < 4 && limits[i + 1] === lim;
      it(`${p} just past class ${i + 1} limit → class ${nextShares ? 'next distinct' : expected}`, () => {
        const c = classifyParam(p, worse, 'river');
        if (nextShares) expect(c).toBe(i + 3);
        else expect(c).toBe(expected);
      });
    }
  }

  it('the module table matches the hand-written one', () => {
    for (const row of GB3838_TABLE1) {
      if (row.param === 'tn') {
        expect(row.river).toBeNull();
        expect(row.lake).toEqual(LAKE_TN);
      } else {
        expect(row.river).toEqual(RIVER[row.param]);
      }
      if (row.param === 'tp') expect(row.lake).toEqual(LAKE_TP);
    }
  });

  it('DO is a lower bound: high DO is class I, very low is 劣V', () => {
    expect(classifyParam('do', 9, 'river')).toBe(1);
    expect(classifyParam('do', 1.99, 'river')).toBe(6);
    expect(classifyParam('do', 0, 'river')).toBe(6);
  });

  it('zero pollutant is class I', () => {
    for (const p of ['codmn', 'cod', 'bod5', 'nh3n', 'tp'] as const) expect(classifyParam(p, 0)).toBe(1);
  });
});

describe('lakes and reservoirs', () => {
  it('TP uses the lake column at every boundary', () => {
    for (let i = 0; i < 5; i++) {
      expect(classifyParam('tp', LAKE_TP[i], 'lake')).toBe(i + 1);
      expect(classifyParam('tp', LAKE_TP[i] + EPS, 'lake')).toBe(i === 4 ? 6 : i + 2);
    }
  });
  it('TN is rated in lakes at every boundary', () => {
    for (let i = 0; i < 5; i++) {
      expect(classifyParam('tn', LAKE_TN[i], 'lake')).toBe(i + 1);
      expect(classifyParam('tn', LAKE_TN[i] + EPS, 'lake')).toBe(i === 4 ? 6 : i + 2);
    }
  });
  it('the same TP is class II in a river and class V in a lake', () => {
    expect(classifyParam('tp', 0.1, 'river')).toBe(2);
    expect(classifyParam('tp', 0.1, 'lake')).toBe(4);
    expect(classifyParam('tp', 0.15, 'lake')).toBe(5);
  });
});

describe('rivers are not rated on TN', () => {
  it('TN returns null for rivers and does not worsen a section', () => {
    expect(classifyParam('tn', 50, 'river')).toBeNull();
    const r = classifySection({ tn: 50, nh3n: 0.1, do: 8 }, 'river');
    expect(r.cls).toBe(1);
    expect(r.perParam.tn).toBeUndefined();
  });
  it('the same TN makes a lake 劣V', () => {
    expect(classifySection({ tn: 50, nh3n: 0.1 }, 'lake').cls).toBe(6);
  });
});

describe('pH rule', () => {
  it('6 and 9 are inside (class I), outside is 劣V', () => {
    expect(classifyParam('ph', 6)).toBe(1);
    expect(classifyParam('ph', 9)).toBe(1);
    expect(classifyParam('ph', 7.4)).toBe(1);
    expect(classifyParam('ph', 5.999)).toBe(6);
    expect(classifyParam('ph', 9.001)).toBe(6);
  });
  it('pH outside 6–9 makes an otherwise class I section 劣V', () => {
    const r = classifySection({ ph: 9.5, do: 8, nh3n: 0.1, tp: 0.01 });
    expect(r.cls).toBe(6);
    expect(r.worst).toEqual(['ph']);
  });
});

describe('single-factor section class', () => {
  it('is the worst parameter, and names it', () => {
    const r = classifySection({ ph: 7.5, do: 6.5, codmn: 3, cod: 14, bod5: 2.5, nh3n: 1.2, tp: 0.08 });
    expect(r.perParam).toMatchObject({ do: 2, codmn: 2, cod: 1, bod5: 1, nh3n: 4, tp: 2, ph: 1 });
    expect(r.cls).toBe(4);
    expect(r.worst).toEqual(['nh3n']);
  });
  it('no values → no class', () => {
    expect(classifySection({}).cls).toBeNull();
  });
  it('non-finite values are not evaluated', () => {
    expect(classifyParam('nh3n', Number.NaN)).toBeNull();
    expect(classifySection({ nh3n: Number.POSITIVE_INFINITY }).cls).toBeNull();
  });
});

describe('status from class vs target', () => {
  it('at or better → normal, one worse → warning, two or more → alarm, 劣V → alarm', () => {
    expect(wqStatus(2, 3)).toBe(1);
    expect(wqStatus(3, 3)).toBe(1);
    expect(wqStatus(4, 3)).toBe(2);
    expect(wqStatus(5, 3)).toBe(3);
    expect(wqStatus(4, 2)).toBe(3);
    expect(wqStatus(5, 5)).toBe(1);
    expect(wqStatus(6, 5)).toBe(3);
    expect(wqStatus(null, 3)).toBe(0);
  });
});

describe('good-or-better ratio', () => {
  it('counts I–III among classified sections', () => {
    expect(goodRatio([1, 2, 3, 4, null])).toBe(0.75);
    expect(goodRatio([null])).toBeNull();
  });
  it('grades a basin of ≥ 5 sections', () => {
    expect(basinGrade(0.9, 5)?.zh).toBe('优');
    expect(basinGrade(0.89, 5)?.zh).toBe('良好');
    expect(basinGrade(0.75, 10)?.zh).toBe('良好');
    expect(basinGrade(0.74, 10)).toBeNull();
    expect(basinGrade(1, 4)).toBeNull();
  });
});

describe('primary pollutants (地表水环境质量评价办法（试行）)', () => {
  it('none for a section at class III or better', () => {
    expect(classifySection({ do: 5.5, nh3n: 0.9, tp: 0.15 }).primary).toEqual([]); // III, III, III
  });
  it('at most three, ranked by exceedance multiple over the class III limit within one class', () => {
    // all class V: CODMn (12−6)/6 = 1.0, TP (0.38−0.2)/0.2 = 0.9, NH3-N (1.8−1)/1 = 0.8, COD (35−20)/20 = 0.75
    const r = classifySection({ do: 7, codmn: 12, cod: 35, nh3n: 1.8, tp: 0.38 });
    expect(r.cls).toBe(5);
    expect(r.worst).toEqual(['codmn', 'cod', 'nh3n', 'tp']);
    expect(r.primary).toEqual(['codmn', 'tp', 'nh3n']);
  });
  it('the worst class first, even before a larger multiple of a better class; class IV and better are not named', () => {
    // NH3-N 2.5 劣V (1.5); CODMn 14 V (1.33); BOD5 9 V (1.25); DO 2.5 V (inverse: (5−2.5)/5 = 0.5); TP 0.25 IV
    const r = classifySection({ nh3n: 2.5, codmn: 14, bod5: 9, do: 2.5, tp: 0.25 });
    expect(r.primary).toEqual(['nh3n', 'codmn', 'bod5']);
    expect(primaryPollutants({ tp: 4, do: 2 }, { tp: 0.25, do: 6.5 })).toEqual(['tp']);
  });
  it('pH (no multiple) after the other parameters of its class', () => {
    expect(classifySection({ ph: 9.5, nh3n: 2.5 }).primary).toEqual(['nh3n', 'ph']);
  });
  it('exceedance multiples by hand', () => {
    expect(exceedanceMultiple('nh3n', 1.5)).toBeCloseTo(0.5);
    expect(exceedanceMultiple('do', 4)).toBeCloseTo(0.2);
    expect(exceedanceMultiple('tp', 0.1, 'lake')).toBeCloseTo(1); // lake class III TP 0.05
    expect(exceedanceMultiple('tn', 3, 'river')).toBeNull();
    expect(exceedanceMultiple('ph', 10)).toBeNull();
  });
});
