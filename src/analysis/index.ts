/** Public surface of the area-query engine (pure: runs in Node, a Worker or the page). */
export { parseArea, areaGeometry, type Area, type ParseAreaOptions, type AreaWarning } from './area';
export { AreaError, isAreaError, type AreaErrorCode, type AreaErrorInfo } from './errors';
export { queryArea, resolveFilters, type QueryOptions, type QueryResult, type QueryItem, type QueryMode, type Relation, type QueryFilters } from './query';
export { aggregate, diameterClass, decadeOf, DIAMETER_CLASSES, type Totals, type TotalRow, type DiameterClass } from './aggregate';
export { toCsv, toGeoJson, CSV_COLUMNS } from './export';
export { buildQueryCopy, QueryCopyBuilder, encodeQueryCopy, decodeQueryCopy, segmentId, segmentCoords, type QueryCopy } from './queryCopy';
export * from './crs';
export { QueryClient, QueryWorkerError, type WorkerLike } from './queryClient';
export type { WorkerRequest, WorkerResponse, WorkerError, ExportFormat } from './worker-protocol';
