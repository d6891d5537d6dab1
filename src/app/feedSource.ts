/**
 * Which live source feeds the store, from the config (docs/sources.md): the HTTP feed (`feed.url`, else `feedUrl`),
 * an MQTT broker, or an OGC SensorThings service (polling, and its MQTT extension when `feed.mqttUrl` is set). mqtt.js
 * is loaded only here and only when a broker is configured (a dynamic import: a chunk of its own, never in the main
 * bundle). A config that cannot work throws, and the badge says why.
 */
import type { FeedStore } from '../feed';
import { FeedClient } from '../feed';
import { MqttSource, type MqttConnect } from '../feed/sources/mqtt';
import { SensorThingsSource } from '../feed/sources/sensorthings';
import type { FeedSource } from '../feed/sources/sink';
import { isUrlLike, isWsUrl, type AppConfig } from './config';

/** mqtt.js' connect, loaded on first use. */
const mqttLoader = {
  load: async (): Promise<MqttConnect> => {
    // the browser build (dist/mqtt.esm.js) has only a default export: the CommonJS exports object
    const mod: { connect?: unknown; default?: { connect?: unknown } } = await import('mqtt');
    const connect = mod.connect ?? mod.default?.connect;
    if (typeof connect !== 'function') throw new Error('mqtt.js has no connect()');
    return connect as MqttConnect;
  },
};

/** A relative service root resolves against the page (fetch needs no base, the SensorThings nextLinks do). */
function absolute(url: string): string {
  return new URL(url, location.href).href;
}

export function createFeedSource(config: AppConfig, store: FeedStore): FeedSource {
  const feed = config.feed;
  const kind = feed?.source ?? 'http';
  const url = feed?.url;
  if (kind === 'mqtt') {
    if (!isWsUrl(url)) throw new Error('feed.url must be a ws:// or wss:// broker address for "mqtt"');
    if (!feed?.topics?.length) throw new Error('feed.topics must name at least one topic for "mqtt"');
    return new MqttSource({ store, url, topics: feed.topics, mapping: feed.mapping, connect: mqttLoader });
  }
  if (kind === 'sensorthings') {
    if (!isUrlLike(url)) throw new Error('feed.url must be the SensorThings service root (…/v1.1)');
    return new SensorThingsSource({
      store,
      url: absolute(url),
      mapping: { sensor: feed?.mapping?.sensor, unit: feed?.mapping?.unit },
      pollMs: (feed?.pollS ?? 30) * 1000,
      mqtt: feed?.mqttUrl ? { url: feed.mqttUrl, connect: mqttLoader } : undefined,
    });
  }
  if (url !== undefined && !isUrlLike(url)) throw new Error('feed.url must be a URL on this site or an http(s) address for "http"');
  return new FeedClient({ url: url ?? config.feedUrl, store });
}
