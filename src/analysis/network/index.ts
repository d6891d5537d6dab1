/** The network engine: build / encode / decode the network, and the queries over it. */
export * from './types';
export { NetworkEngine, DEFAULT_SECTION_WITHIN_M } from './engine';
export { NetworkError, isNetworkError } from './errors';
export { NetworkBuilder, buildNetwork, type NetworkData, type NetworkExtras } from './model';
export { encodeNetwork, decodeNetwork, NETWORK_MAGIC, NETWORK_VERSION } from './codec';
export { exportNetworkResult, networkCsv, networkGeoJson, ROLE_NAMES } from './export';
