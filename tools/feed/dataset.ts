/**
 * Loads what the simulator needs from a dataset folder: sensors.json (SensorDef[]), sections.geojson (target classes),
 * and — when present — segments.ndjson / nodes.ndjson to fill the sensors' optional context (category, pressure zone,
 * pressure class, DN, manhole depth) that sensors.json may leave out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssetRecord, SensorDef } from '../../src/domain/schema';
import { forEachLine } from '../dataset/read';
import type { SimSection } from './engine';

export interface FeedDataset {
  dir: string;
  sensors: SensorDef[];
  sections: SimSection[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readSensors(file: string): SensorDef[] {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(raw)) throw new Error(`${file}: expected an array of sensors`);
  return raw.filter(
    (s): s is SensorDef =>
      isRecord(s) && typeof s.sensor === 'string' && typeof s.asset === 'string' && typeof s.metric === 'string',
  );
}

export function readSections(file: string): SimSection[] {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const features = isRecord(raw) && Array.isArray(raw.features) ? raw.features : [];
  const out: SimSection[] = [];
  for (const f of features) {
    const p = isRecord(f) && isRecord(f.properties) ? f.properties : null;
    if (p && typeof p.id === 'string' && typeof p.targetClass === 'number') out.push({ id: p.id, targetClass: p.targetClass });
  }
  return out;
}

/** sensors.json is required; sections.geojson is optional. */
export function loadFeedDataset(dir: string): FeedDataset {
  const sensorsFile = join(dir, 'sensors.json');
  if (!existsSync(sensorsFile)) throw new Error(`no sensors.json in ${dir}`);
  const sectionsFile = join(dir, 'sections.geojson');
  return {
    dir,
    sensors: readSensors(sensorsFile),
    sections: existsSync(sectionsFile) ? readSections(sectionsFile) : [],
  };
}

/** Fill missing sensor context from segments.ndjson / nodes.ndjson in `dir` (when they exist). Returns how many sensors gained context. */
export async function enrichSensors(sensors: SensorDef[], dir: string): Promise<number> {
  const wanted = new Map<string, SensorDef[]>();
  for (const s of sensors) {
    const list = wanted.get(s.asset);
    if (list) list.push(s);
    else wanted.set(s.asset, [s]);
  }
  let enriched = 0;
  for (const name of ['segments.ndjson', 'nodes.ndjson']) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    forEachLine(file, (bytes) => {
      const line = bytes.toString('utf8');
      // cheap prefilter: only parse lines whose id a sensor wants
      const m = /"id"\s*:\s*"([^"]+)"/.exec(line);
      if (!m || !wanted.has(m[1])) return;
      const rec = JSON.parse(line) as AssetRecord;
      for (const s of wanted.get(rec.id) ?? []) {
        const before = JSON.stringify(s);
        s.cat ??= rec.cat;
        s.sub ??= rec.sub;
        if (rec.kind === 'segment') {
          if (rec.pressureZone) s.pressureZone ??= rec.pressureZone;
          if (rec.pressureClass) s.pressureClass ??= rec.pressureClass;
          if (rec.dn !== null) s.dn ??= rec.dn;
        } else if (rec.type === 'manhole' || rec.type === 'outfall' || rec.type === 'inlet') {
          s.depth ??= rec.depth;
        }
        if (JSON.stringify(s) !== before) enriched++;
      }
    });
  }
  return enriched;
}
