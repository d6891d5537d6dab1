/**
 * A tiny observable store for UI state: get(), set(partial) and subscribe(listener). Listeners get the new and the
 * previous state and run synchronously after every change that actually changed a field.
 */
export type Listener<S> = (state: S, prev: S) => void;

export class Store<S extends object> {
  private state: S;
  private readonly listeners = new Set<Listener<S>>();

  constructor(initial: S) {
    this.state = initial;
  }

  get(): S {
    return this.state;
  }

  set(patch: Partial<S>): void {
    const prev = this.state;
    let changed = false;
    for (const k of Object.keys(patch) as (keyof S)[]) {
      if (!Object.is(prev[k], patch[k])) {
        changed = true;
        break;
      }
    }
    if (!changed) return;
    this.state = { ...prev, ...patch };
    for (const l of [...this.listeners]) l(this.state, prev);
  }

  /** Calls the listener on every change; returns the unsubscribe function. */
  subscribe(listener: Listener<S>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `fn` with the selected slice now and whenever it changes (compared with Object.is). */
  watch<T>(select: (s: S) => T, fn: (value: T, prev: T | undefined) => void): () => void {
    let last = select(this.state);
    fn(last, undefined);
    return this.subscribe((s) => {
      const next = select(s);
      if (!Object.is(next, last)) {
        const prev = last;
        last = next;
        fn(next, prev);
      }
    });
  }
}
