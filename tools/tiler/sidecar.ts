/**
 * The id ⇄ gid mapping and the attribute sidecar the viewer fetches on pick:
 *   ids.txt            asset id per line, line number (0-based) = gid
 *   assets/index.json  AssetChunkIndex
 *   assets/NNNNN.json  AssetRecord[] for gids [N*chunkSize, (N+1)*chunkSize)
 * Records arrive in gid order (segments, then nodes) and are written as they come: memory stays bounded.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { chunkFileName, type AssetChunkIndex } from '../../src/domain/schema';

export const DEFAULT_CHUNK_SIZE = 4096;

export class SidecarWriter {
  private readonly idsFd: number;
  private idsBuf: string[] = [];
  private chunk: string[] = [];
  private chunkNo = 0;
  private count = 0;
  bytes = 0;

  constructor(
    private readonly outDir: string,
    private readonly chunkSize = DEFAULT_CHUNK_SIZE,
  ) {
    mkdirSync(join(outDir, 'assets'), { recursive: true });
    this.idsFd = openSync(join(outDir, 'ids.txt'), 'w');
  }

  /** Adds the next record (gid = number of records so far) as its JSON text. */
  add(id: string, recordJson: string): void {
    this.idsBuf.push(id);
    if (this.idsBuf.length >= 65536) this.flushIds();
    this.chunk.push(recordJson);
    this.count++;
    if (this.chunk.length === this.chunkSize) this.flushChunk();
  }

  private flushIds(): void {
    if (this.idsBuf.length === 0) return;
    const text = this.idsBuf.join('\n') + '\n';
    this.bytes += Buffer.byteLength(text);
    writeSync(this.idsFd, text);
    this.idsBuf = [];
  }

  private flushChunk(): void {
    if (this.chunk.length === 0) return;
    const text = `[${this.chunk.join(',')}]\n`;
    this.bytes += Buffer.byteLength(text);
    writeFileSync(join(this.outDir, 'assets', chunkFileName(this.chunkNo)), text);
    this.chunkNo++;
    this.chunk = [];
  }

  finish(segmentCount: number, nodeCount: number): AssetChunkIndex {
    this.flushIds();
    closeSync(this.idsFd);
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
