/**
 * Tours: `data/tours.json` (copied to the data base URL by prepare) — stops with a camera pose, captions in both
 * languages, the colour mode, overlays and categories shown, underground, the administrative unit drilled into, and a
 * dwell time. The player loops all day: play, pause, next, previous (a presenter's clicker sends PageDown/PageUp;
 * app/screen.ts maps the keys). A new alarm interrupts: the player shows it (the caller flies to it) for
 * `interruptS` seconds, then goes back to the stop it was on and carries on from there; a further alarm interrupts only
 * `interruptGapS` seconds after the last interrupt began.
 *
 * Stale async steps (a flight that ends after the user moved on) are dropped by a generation counter; every timer is
 * cleared by dispose().
 */
import * as v from 'valibot';
import type { CameraState } from '../domain/viewState';

const Camera = v.object({
  lon: v.pipe(v.number(), v.minValue(-180), v.maxValue(180)),
  lat: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)),
  height: v.pipe(v.number(), v.minValue(-1000), v.maxValue(5e7)),
  heading: v.pipe(v.number(), v.minValue(-360), v.maxValue(360)),
  pitch: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)),
});

const Stop = v.object({
  id: v.string(),
  caption: v.object({ zh: v.string(), en: v.string() }),
  camera: v.optional(Camera),
  /** administrative unit to drill into (null = the city); absent = leave as it is */
  unit: v.optional(v.nullable(v.string())),
  colorMode: v.optional(v.picklist(['category', 'status'])),
  underground: v.optional(v.boolean()),
  /** overlay name → shown */
  overlays: v.optional(v.record(v.string(), v.boolean())),
  /** CJJ 61 codes hidden at this stop (absent = all shown) */
  hiddenCategories: v.optional(v.array(v.string())),
  flyS: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(30)), 3),
  dwellS: v.pipe(v.number(), v.minValue(1), v.maxValue(3600)),
});

const Tour = v.object({
  version: v.literal(1),
  /** seconds an alarm interrupt lasts before the tour resumes */
  interruptS: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(600)), 20),
  /**
   * seconds from the start of one interrupt before another may begin: on a busy day new alarms would otherwise keep
   * the tour from ever moving on (the boards still count every alarm)
   */
  interruptGapS: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(3600)), 90),
  stops: v.pipe(v.array(Stop), v.minLength(1)),
});

export type TourStop = v.InferOutput<typeof Stop> & { camera?: CameraState };
export type Tour = v.InferOutput<typeof Tour>;

/** A checked tours.json, or the reason it is not one. */
export function parseTour(raw: unknown): { tour: Tour } | { error: string } {
  const r = v.safeParse(Tour, raw);
  if (r.success) return { tour: r.output };
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { error: `${path ? `${path}: ` : ''}${issue.message}` };
}

export interface TourEffects {
  /** shows a stop (layers, colour mode, unit, flight); resolves when the flight ends */
  apply(stop: TourStop): Promise<void>;
  /** shows an alarm (flies to it); resolves when the flight ends */
  showAlarm(id: string): Promise<void>;
  /** the player's state changed (caption, playing, interrupt) */
  changed(): void;
}

export class TourPlayer {
  index = 0;
  playing = false;
  /** the alarm being shown, null when none */
  interrupt: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** when the last interrupt began (ms), −Infinity before the first */
  private lastInterruptAt = -Infinity;
  private generation = 0;
  private disposed = false;

  constructor(
    private tour: Tour,
    private readonly fx: TourEffects,
    private readonly now: () => number = Date.now,
  ) {}

  get stops(): readonly TourStop[] {
    return this.tour.stops;
  }

  get stop(): TourStop {
    return this.tour.stops[this.index];
  }

  /** Replaces the tour (e.g. a shorter one in a test) and starts it from its first stop. */
  load(tour: Tour): void {
    this.tour = tour;
    this.index = 0;
    this.interrupt = null;
    this.show();
  }

  play(): void {
    if (this.playing) return;
    this.playing = true;
    this.show();
  }

  pause(): void {
    this.playing = false;
    this.clearTimer();
    this.fx.changed();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  next(): void {
    this.index = (this.index + 1) % this.tour.stops.length;
    this.interrupt = null;
    this.show();
  }

  prev(): void {
    this.index = (this.index - 1 + this.tour.stops.length) % this.tour.stops.length;
    this.interrupt = null;
    this.show();
  }

  /**
   * A new alarm: show it for interruptS seconds, then back to the current stop (the tour carries on from there).
   * Returns false when it is not shown: another interrupt began less than interruptGapS ago (unless `force`: then it
   * replaces the one on screen).
   */
  interruptWith(id: string, force = false): boolean {
    if (this.disposed) return false;
    const at = this.now();
    if (!force && at - this.lastInterruptAt < this.tour.interruptGapS * 1000) return false;
    this.lastInterruptAt = at;
    const gen = ++this.generation;
    this.clearTimer();
    this.interrupt = id;
    this.fx.changed();
    void this.fx.showAlarm(id).then(() => {
      if (gen !== this.generation || this.disposed) return;
      this.timer = setTimeout(() => {
        if (gen !== this.generation) return;
        this.interrupt = null;
        this.show();
      }, this.tour.interruptS * 1000);
    });
    return true;
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.clearTimer();
  }

  /** Applies the current stop; while playing, the next stop follows after its dwell time (looping). */
  private show(): void {
    if (this.disposed) return;
    const gen = ++this.generation;
    this.clearTimer();
    this.fx.changed();
    void this.fx.apply(this.stop).then(() => {
      if (gen !== this.generation || this.disposed || !this.playing) return;
      this.timer = setTimeout(() => {
        if (gen !== this.generation) return;
        this.next();
      }, this.stop.dwellS * 1000);
    });
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
