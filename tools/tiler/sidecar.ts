/**
 * The attribute sidecar the viewer fetches on pick:
 *   assets/index.json  AssetChunkIndex
 *   assets/NNNNN.json  AssetRecord[] for gids [N*chunkSize, (N+1)*chunkSize)
 * Records arrive in gid order (segments, then nodes) as their raw NDJSON bytes and are written as they come (no
 * re-serialisation; memory stays bounded by one chunk). ids.txt is written from the id table (ids.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkFileName, type AssetChunkIndex } from '../../src/domain/schema';

export const DEFAULT_CHUNK_SIZE = 4096;

export class SidecarWriter {
  /** the chunk being filled: '[' record ',' record … (']' added on flush) */
  private buf = Buffer.allocUnsafe(1 << 21);
  private used = 0;
  private inChunk = 0;
  private chunkNo = 0;
  private count = 0;
  bytes = 0;

  constructor(
    private readonly outDir: string,
    private readonly chunkSize = DEFAULT_CHUNK_SIZE,
  ) {
    mkdirSync(join(outDir, 'assets'), { recursive: true });
  }

  /** Adds the next record (gid = number of records so far) as its JSON bytes (copied). */
  add(recordJson: Uint8Array): void {
    const need = this.used + recordJson.byteLength + 3;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    this.buf[this.used++] = this.inChunk === 0 ? 0x5b /* [ */ : 0x2c /* , */;
    this.buf.set(recordJson, this.used);
    this.used += recordJson.byteLength;
    this.inChunk++;
    this.count++;
    if (this.inChunk === this.chunkSize) this.flushChunk();
  }

  private flushChunk(): void {
    if (this.inChunk === 0) return;
    this.buf[this.used++] = 0x5d; // ]
    this.buf[this.used++] = 0x0a;
    this.bytes += this.used;
    writeFileSync(join(this.outDir, 'assets', chunkFileName(this.chunkNo)), this.buf.subarray(0, this.used));
    this.chunkNo++;
    this.used = 0;
    this.inChunk = 0;
  }

  finish(segmentCount: number, nodeCount: number): AssetChunkIndex {
    this.flushChunk();
    if (this.count !== segmentCount + nodeCount) {
      throw new Error(`sidecar: ${this.count} records for ${segmentCount} segments + ${nodeCount} nodes`);
    }
    const index: AssetChunkIndex = { chunkSize: this.chunkSize, count: this.count, segmentCount, nodeCount };
    const text = JSON.stringify(index) + '\n';
    this.bytes += Buffer.byteLength(text);
    writeFileSync(join(this.outDir, 'assets', 'index.json'), text);
    return index;
  }
}
