// Types for the parts of shpjs 6.2 (no bundled types) the importer uses: the .shp and .dbf parsers.
declare module 'shpjs' {
  import type { Geometry } from 'geojson';
  /** Parses a .shp file; with `prj` false/undefined the coordinates stay as stored (Z kept as a third value). */
  export function parseShp(shp: ArrayBuffer | ArrayBufferView, prj?: string | false): Array<Geometry | null>;
  /** Parses a .dbf file; `cpg` is a TextDecoder label (unknown labels fall back to UTF-8). */
  export function parseDbf(dbf: ArrayBuffer | ArrayBufferView, cpg?: string): Array<Record<string, unknown>>;
}
