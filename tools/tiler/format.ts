/**
 * Version of what the tiler writes. tools/prepare-lib.ts stores it next to the tiles and re-tiles when it differs, so
 * a checkout with tiles from an older tiler gets new ones on the next `npm start`. Bump it whenever the output changes
 * in a way the viewer relies on.
 *   1: first 3D Tiles 1.1 layout (tubes, line LOD, metadata, quantization, meshopt)
 *   2: line tiles carry NORMALs along the line (the pipe shader's vertex stage needs them)
 *   3: GLB JSON and BIN chunks padded to 8 bytes (EXT_structural_metadata binary storage)
 */
export const TILES_FORMAT_VERSION = 3;
