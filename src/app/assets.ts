/**
 * The asset catalog the viewer reads next to the tileset: ids.txt (line number = gid), assets/index.json and the
 * assets chunks (AssetRecord[] per chunk, fetched on demand and cached). See src/domain/schema.ts.
 */
import { categoryIndex, isCategoryCode, subType } from '../domain/categories';
import { chunkFileName, chunkOf, type AssetChunkIndex, type AssetRecord } from '../domain/schema';
import { parseIdList, type IdList } from '../feed/ids';
import { CATEGORY_UNKNOWN } from '../viewer/pipeShader';

export type FetchText = (url: string) => Promise<string>;

/** Category index of an asset id's prefix ("JP-000123" → JS, "PS-…" → PS), or 255 when it is not a known code. */
export function categoryIndexOfId(id: string): number {
  const dash = id.indexOf('-');
  const prefix = dash > 0 ? id.slice(0, dash) : id;
  if (isCategoryCode(prefix)) return categoryIndex(prefix);
  const sub = subType(prefix);
  return sub ? categoryIndex(sub.cat.code) : CATEGORY_UNKNOWN;
}

function isChunkIndex(v: unknown): v is AssetChunkIndex {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.chunkSize === 'number' && o.chunkSize > 0 && typeof o.count === 'number';
}

export class AssetCatalog {
  private readonly chunks = new Map<number, Promise<AssetRecord[]>>();

  private constructor(
    private readonly idList: IdList,
    readonly index: AssetChunkIndex,
    private readonly assetsBase: string,
    private readonly fetchText: FetchText,
  ) {}

  /** Loads ids.txt and assets/index.json from the tileset's folder (`base` ends with "/"). */
  static async load(base: string, fetchText: FetchText): Promise<AssetCatalog> {
    const [idsText, indexText] = await Promise.all([
      fetchText(`${base}ids.txt`),
      fetchText(`${base}assets/index.json`),
    ]);
    const index: unknown = JSON.parse(indexText);
    if (!isChunkIndex(index)) throw new Error('assets/index.json has no chunkSize/count');
    return new AssetCatalog(parseIdList(idsText), index, `${base}assets/`, fetchText);
  }

  get count(): number {
    return Math.max(this.idList.ids.length, this.index.count);
  }

  gidOf(id: string): number | null {
    return this.idList.gid.get(id) ?? null;
  }

  /** asset id → gid (ids.txt), e.g. for the live feed's sensor registry */
  get gidMap(): ReadonlyMap<string, number> {
    return this.idList.gid;
  }

  idOf(gid: number): string | null {
    return this.idList.ids[gid] || null;
  }

  /** Category index per gid, for the pipe shader's category texture. */
  categoryIndices(): Uint8Array {
    const out = new Uint8Array(this.count).fill(CATEGORY_UNKNOWN);
    this.idList.ids.forEach((id, gid) => (out[gid] = categoryIndexOfId(id)));
    return out;
  }

  /** The record of a gid (its chunk is fetched once), or null when the chunk does not hold it. */
  async record(gid: number): Promise<AssetRecord | null> {
    if (!Number.isInteger(gid) || gid < 0 || gid >= this.count) return null;
    const chunk = chunkOf(gid, this.index.chunkSize);
    let p = this.chunks.get(chunk);
    if (!p) {
      p = this.fetchText(this.assetsBase + chunkFileName(chunk)).then((t) => JSON.parse(t) as AssetRecord[]);
      p.catch(() => this.chunks.delete(chunk)); // a failed chunk may be retried later
      this.chunks.set(chunk, p);
    }
    const records = await p;
    const r = records[gid - chunk * this.index.chunkSize];
    if (r && r.gid === gid) return r;
    return records.find((x) => x.gid === gid) ?? null;
  }

  async recordById(id: string): Promise<AssetRecord | null> {
    const gid = this.gidOf(id);
    return gid === null ? null : this.record(gid);
  }
}
