/**
 * The validation report's data: what was read (per input: format, features, fields, encoding, CRS), the settings
 * used, the result, and one line per feature and rule (`lines`), summed per rule (`rules`). Written as
 * import-report.json; reportHtml.ts renders the same object as a bilingual page.
 */
import type { CategoryCode } from '../../src/domain/schema';
import type { DetectedEncoding } from './encoding';
import { RULES, RULE_IDS, type Action, type RuleId, type Severity } from './rules';

/** Where a feature came from: file name and 1-based record number (CSV: line number in the file). */
export interface SourceRef {
  file: string;
  row: number;
}

export interface ReportLine {
  rule: RuleId;
  /** the feature's id in the dataset (or in the source when it was dropped) */
  id: string;
  file: string;
  row: number;
  detail: string;
}

export interface InputSummary {
  file: string;
  format: 'shapefile' | 'geojson' | 'survey-points' | 'survey-lines';
  records: number;
  lines: number;
  points: number;
  fields: string[];
  /** our field → the source column it was read from */
  mapped: Record<string, string>;
  hasZ: boolean;
  encoding?: DetectedEncoding;
  crs?: { code: string; name: string; source: 'option' | 'prj' | 'crs-member' | 'rfc7946' | 'guess'; swapped: boolean; legacyDatum?: string };
}

export interface RuleSummary {
  rule: RuleId;
  severity: Severity;
  action: Action;
  zh: string;
  en: string;
  count: number;
  ids: string[];
}

export interface ImportReport {
  version: 1;
  generatedAt: string;
  out: string;
  inputs: InputSummary[];
  settings: { snapTolerance: number; snapUnit: 'm'; snapDefault: boolean; region: [number, number, number, number]; heightMode: 'ellipsoid' };
  result: {
    segments: number;
    nodes: number;
    bbox: [number, number, number, number] | null;
    kmOutsideRegion: number;
    categories: Partial<Record<CategoryCode, { segments: number; nodes: number }>>;
  };
  totals: { dropped: number; repaired: number; flagged: number };
  rules: RuleSummary[];
  lines: ReportLine[];
}

/** Collects report lines while an import runs. */
export class Issues {
  readonly lines: ReportLine[] = [];

  add(rule: RuleId, id: string, ref: SourceRef, detail: string): void {
    this.lines.push({ rule, id, file: ref.file, row: ref.row, detail });
  }

  count(rule: RuleId): number {
    let n = 0;
    for (const l of this.lines) if (l.rule === rule) n++;
    return n;
  }

  /** Per rule (every rule, in RULES order, zero counts included): count and the distinct ids. */
  summary(): { rules: RuleSummary[]; totals: ImportReport['totals'] } {
    const by = new Map<RuleId, ReportLine[]>();
    for (const l of this.lines) {
      const a = by.get(l.rule);
      if (a) a.push(l);
      else by.set(l.rule, [l]);
    }
    const totals = { dropped: 0, repaired: 0, flagged: 0 };
    const rules = RULE_IDS.map((rule): RuleSummary => {
      const ls = by.get(rule) ?? [];
      const def = RULES[rule];
      totals[def.action] += ls.length;
      return { rule, severity: def.severity, action: def.action, zh: def.zh, en: def.en, count: ls.length, ids: [...new Set(ls.map((l) => l.id))] };
    });
    return { rules, totals };
  }
}
