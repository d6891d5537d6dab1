/** Engineering reviews (issue 14 items 4–5): the excavation check and the riverbank project review. Pure. */
export * from './excavation';
export * from './riverbank';
export { bufferPolygon, bufferXY, type BufferResult } from './buffer';
export { frameFor, type Frame } from './frame';
