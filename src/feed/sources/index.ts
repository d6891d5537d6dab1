/** Live feed sources beside the HTTP FeedClient (docs/sources.md): MQTT, OGC SensorThings API, the shared pipeline. */
export { ReadingSink } from './sink';
export { freshHealth } from '../client';
export type { FeedSource, FeedSourceEvents, SinkOptions, SourceReading } from './sink';
export { DEFAULT_MAPPING, MAPPING_FIELDS, readingsOf, decodePayload, valueAt } from './mapping';
export type { FieldMapping } from './mapping';
export { MqttSource } from './mqtt';
export type { MqttClientLike, MqttConnect, MqttConnectOptions, MqttSourceOptions } from './mqtt';
export { SensorThingsSource, parseThingsPage, latestUrl, LATEST_EXPAND } from './sensorthings';
export type { SensorThingsMapping, SensorThingsSourceOptions, DatastreamInfo } from './sensorthings';
