/** Drawings analysis: cross-sections, long profiles, clearance and cover checks, and their SVG drawings. */
export * from './types';
export { crossSection, sectionPairs } from './section';
export { longProfile, ADVERSE_M, STEP_M } from './profile';
export { findPath, findFlowPath, chainDownstream, type PathStep } from './path';
export { checkClearances, pipeColumns, selectColumns, PipeColumnsBuilder, PARALLEL_DEG, type PipeColumns, type CheckOptions } from './check';
export { sectionSvg, profileSvg, sectionAxis, profileAxis, type SvgOptions, type DrawingAxis } from './svg';
export { chainageAtX, profilePointAt, sectionPointAt, pointAlong, type DrawingPoint } from './hover';
export { word, type DrawingLang } from './labels';
export { checkCsv, CHECK_KIND_NAMES } from './export';
