/**
 * Property tests: validation never throws, whatever arrives; a document rejected as a whole changes nothing; and
 * garbage readings inside a valid envelope are independent of the good ones (the state equals applying only the
 * good readings).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeedStore } from '../../../src/feed/store';
import { parseFeedText, validateDocument } from '../../../src/feed/validate';
import { T0, doc, fixtureSensors, fixtureStore, iso, reading } from './feed-fixture';

const RUNS = 200;
const reg = fixtureStore().store.registry;
const sensors = fixtureSensors();

/** Everything observable about a store. */
function fingerprint(store: FeedStore): string {
  const perSensor = Array.from({ length: store.registry.count }, (_, i) => {
    const s = store.sensor(i);
    const h = store.history(i);
    return [s.value, s.time, s.status, Array.from(h.values), Array.from(h.times)];
  });
  return JSON.stringify({
    seq: store.lastSequence,
    gen: store.lastGeneratedAt,
    snap: [Array.from(store.snapshot().gids), Array.from(store.snapshot().codes)],
    perSensor,
    sections: store.sections(),
  });
}

/** A store that already holds a good state. */
function primedStore(): FeedStore {
  const { store } = fixtureStore();
  const r = validateDocument(
    doc(
      100,
      T0,
      sensors.map((s, k) => reading(s.sensor, s.metric === 'lel' ? 25 : s.metric === 'ph' ? 7.5 : 0.3 + k / 1000, T0)),
    ),
    store.registry,
  );
  if (!r.ok) throw new Error(r.error);
  store.apply(r.batch, T0);
  return store;
}

const nastyScalar = fc.oneof(
  fc.double(), // NaN, ±Infinity, -0, subnormals
  fc.integer(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, 5e-324, 0, -0),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '0x10', ' 1', '', '1', 'null', 'true', '__proto__'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

const garbage = fc.oneof(
  { weight: 3, arbitrary: nastyScalar },
  {
    weight: 2,
    arbitrary: fc.anything({
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      maxDepth: 4,
    }),
  },
);

const goodReading = fc
  .record({ s: fc.integer({ min: 0, max: sensors.length - 1 }), v: fc.double({ min: 0, max: 5, noNaN: true }), dt: fc.integer({ min: 1, max: 100 }) })
  .map(({ s, v, dt }) => {
    const def = sensors[s];
    const value = def.metric === 'ph' ? 6 + (v % 3) : v;
    return reading(def.sensor, value, T0 + dt * 1000);
  });

/** A reading with one field replaced by garbage (or a wholly garbage item). */
const badReading = fc.oneof(
  fc.tuple(goodReading, fc.constantFrom('sensor', 'asset', 'metric', 'value', 'unit', 'time'), garbage).map(([r, k, g]) => {
    const out: Record<string, unknown> = { ...r };
    out[k] = g;
    return out;
  }),
  garbage,
);

describe('validation never throws', () => {
  it('for arbitrary values', () => {
    fc.assert(
      fc.property(garbage, (x) => {
        const r = validateDocument(x, reg);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('for arbitrary strings and arbitrary JSON text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 5 })), (text) => {
        const r = parseFeedText(text, reg);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('for envelopes whose every field may be garbage, with nested garbage readings', () => {
    const envelope = fc.record(
      {
        version: fc.oneof(fc.constant(1), garbage),
        generatedAt: fc.oneof(fc.constant(iso(T0 + 200_000)), garbage),
        sequence: fc.oneof(fc.integer({ min: 0, max: 1000 }), garbage),
        readings: fc.oneof(fc.array(fc.oneof(goodReading, badReading), { maxLength: 30 }), garbage),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(envelope, (d) => {
        expect(() => validateDocument(d, reg)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });
});

describe('no bad document changes state', () => {
  it('a document rejected as a whole leaves the store exactly as it was', () => {
    const badEnvelope = fc.oneof(
      garbage,
      fc.record({
        version: fc.oneof(fc.constant(1), garbage),
        generatedAt: fc.oneof(fc.constant(iso(T0 + 200_000)), garbage),
        sequence: fc.oneof(fc.integer({ min: 101, max: 1000 }), garbage),
        readings: fc.oneof(fc.array(goodReading, { maxLength: 10 }), garbage),
      }),
    );
    fc.assert(
      fc.property(badEnvelope, (d) => {
        const store = primedStore();
        const before = fingerprint(store);
        const r = validateDocument(d, store.registry);
        if (r.ok) return; // a valid envelope by chance: not this property
        expect(fingerprint(store)).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('an older or equal sequence leaves the store exactly as it was, whatever it carries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.array(goodReading, { maxLength: 20 }), (seq, readings) => {
        const store = primedStore();
        const before = fingerprint(store);
        const r = validateDocument(doc(seq, T0 + 200_000, readings), store.registry);
        expect(r.ok).toBe(true);
        if (r.ok) expect(store.apply(r.batch, T0 + 200_000).applied).toBe(false);
        expect(fingerprint(store)).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('garbage readings are rejected one by one: the state equals applying only the valid ones', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(goodReading, badReading), { maxLength: 40 }), (items) => {
        const mixed = primedStore();
        const clean = primedStore();
        const gen = iso(T0 + 200_000);
        // each item judged alone (garbage may happen to be valid, e.g. a number in range replacing a value)
        const valid = items.filter((r) => {
          const one = validateDocument({ version: 1, generatedAt: gen, sequence: 1, readings: [r] }, reg);
          return one.ok && one.batch.count === 1;
        });
        const rm = validateDocument({ version: 1, generatedAt: gen, sequence: 101, readings: items }, mixed.registry);
        const rc = validateDocument({ version: 1, generatedAt: gen, sequence: 101, readings: valid }, clean.registry);
        expect(rm.ok && rc.ok).toBe(true);
        if (!rm.ok || !rc.ok) return;
        expect(rm.batch.count).toBe(valid.length);
        expect(rm.batch.count + rm.batch.rejectedTotal).toBe(items.length);
        mixed.apply(rm.batch, T0 + 200_000);
        clean.apply(rc.batch, T0 + 200_000);
        expect(fingerprint(mixed)).toBe(fingerprint(clean));
      }),
      { numRuns: RUNS },
    );
  });
});
