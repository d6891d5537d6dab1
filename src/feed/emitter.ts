/** A tiny typed event emitter. A listener that throws does not stop the others (the error is rethrown async). */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(e: never) => void>>();

  on<K extends keyof Events>(type: K, fn: (e: Events[K]) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(fn as (e: never) => void);
    return () => {
      set.delete(fn as (e: never) => void);
    };
  }

  has<K extends keyof Events>(type: K): boolean {
    return (this.listeners.get(type)?.size ?? 0) > 0;
  }

  emit<K extends keyof Events>(type: K, e: Events[K]): void {
    const set = this.listeners.get(type);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as (e: Events[K]) => void)(e);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}
