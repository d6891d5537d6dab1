/** docs/feed.md and docs/feed.schema.json agree with the code: the example validates, the schema's enums match. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_IDS } from '../../../src/domain/metrics';
import { validateDocument } from '../../../src/feed/validate';
import { FeedEngine } from '../../../tools/feed/engine';
import { T0, fixtureRegistry, fixtureSections, fixtureSensors } from './feed-fixture';

const root = join(__dirname, '..', '..', '..');
const md = readFileSync(join(root, 'docs', 'feed.md'), 'utf8');
const schema = JSON.parse(readFileSync(join(root, 'docs', 'feed.schema.json'), 'utf8')) as Schema;

interface Schema {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
  $defs?: Record<string, Schema>;
  minimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** The subset of JSON Schema the feed schema uses; returns the paths that fail. */
function check(s: Schema, v: unknown, path: string, root: Schema, out: string[]): void {
  if (s.$ref) return check(root.$defs![s.$ref.replace('#/$defs/', '')], v, path, root, out);
  if ('const' in s && v !== s.const) out.push(`${path}: const`);
  if (s.enum && !s.enum.includes(v)) out.push(`${path}: enum`);
  if (s.type === 'object') {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return void out.push(`${path}: object`);
    const o = v as Record<string, unknown>;
    for (const k of s.required ?? []) if (!(k in o)) out.push(`${path}.${k}: required`);
    for (const [k, sub] of Object.entries(s.properties ?? {})) if (k in o) check(sub, o[k], `${path}.${k}`, root, out);
  }
  if (s.type === 'array') {
    if (!Array.isArray(v)) return void out.push(`${path}: array`);
    v.forEach((x, i) => check(s.items!, x, `${path}[${i}]`, root, out));
  }
  if (s.type === 'string') {
    if (typeof v !== 'string') return void out.push(`${path}: string`);
    if (s.minLength !== undefined && v.length < s.minLength) out.push(`${path}: minLength`);
    if (s.maxLength !== undefined && v.length > s.maxLength) out.push(`${path}: maxLength`);
    if (s.pattern && !new RegExp(s.pattern).test(v)) out.push(`${path}: pattern`);
  }
  if (s.type === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) out.push(`${path}: number`);
  if (s.type === 'integer' && !Number.isInteger(v)) out.push(`${path}: integer`);
  if (s.minimum !== undefined && typeof v === 'number' && v < s.minimum) out.push(`${path}: minimum`);
}

function schemaErrors(v: unknown): string[] {
  const out: string[] = [];
  check(schema, v, '$', schema, out);
  return out;
}

const example = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(md)![1]) as unknown;

describe('docs/feed.md', () => {
  it('the example validates against the code with no rejection', () => {
    const r = validateDocument(example, fixtureRegistry());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.batch.rejectedTotal).toBe(0);
      expect(r.batch.count).toBe(5);
    }
  });
  it('the example conforms to the JSON Schema', () => {
    expect(schemaErrors(example)).toEqual([]);
  });
});

describe('docs/feed.schema.json', () => {
  it('lists exactly the metrics of src/domain/metrics.ts', () => {
    expect(schema.$defs!.reading.properties!.metric.enum).toEqual([...METRIC_IDS]);
  });
  it('accepts what the simulator sends', () => {
    const d = new FeedEngine({ seed: 1, sensors: fixtureSensors(), sections: fixtureSections() }).documentAt(T0);
    expect(schemaErrors(d)).toEqual([]);
  });
  it('rejects envelope errors the client rejects', () => {
    expect(schemaErrors({ version: 2, generatedAt: 'x', sequence: -1, readings: {} }).length).toBe(4);
    expect(schemaErrors({ ...(example as object), generatedAt: '2024-06-01T08:00:00' })).toEqual(['$.generatedAt: pattern']);
  });
});
