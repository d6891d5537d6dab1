/**
 * What the map tools that answer from a Worker share (the area query, the network trace, the reviews): what to undo at
 * dispose(), a request counter whose bump drops late answers, and the Worker. dispose() undoes the parts, ends the
 * Worker, then calls release() for what the tool holds besides (its client, its map layers).
 */
export abstract class WorkerPart<W extends { terminate(): void } = Worker> {
  protected readonly offs: (() => void)[] = [];
  protected disposed = false;
  /** bumped by each request and by dispose(): an answer to an older request is dropped */
  protected seq = 0;
  protected worker: W | null = null;

  /** runs `fn` at dispose() (e.g. removing the panel) */
  onDispose(fn: () => void): void {
    this.offs.push(fn);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    ++this.seq;
    for (const off of this.offs.splice(0)) off();
    this.worker?.terminate();
    this.worker = null;
    this.release();
  }

  /** what the tool lets go at dispose() besides the parts and the Worker (its client, its map layers) */
  protected abstract release(): void;
}
