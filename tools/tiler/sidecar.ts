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

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']\n');

export class SidecarWriter {
  private chunk: Buffer[] = [];
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
    if (this.chunk.length > 0) this.chunk.push(COMMA);
    this.chunk.push(Buffer.from(recordJson));
    this.count++;
    if (this.count % this.chunkSize === 0) this.flushChunk();
  }

  private flushChunk(): void {
    if (this.chunk.length === 0) return;
    const data = Buffer.concat([OPEN, ...this.chunk, CLOSE]);
    this.bytes += data.byteLength;
    writeFileSync(join(this.outDir, 'assets', chunkFileName(this.chunkNo)), data);
    this.chunkNo++;
    this.chunk = [];
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
