import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/app/config';

const fields = (problems: { params?: Record<string, string | number> }[]): unknown[] => problems.map((p) => p.params?.field);

describe('config: live source and extra layers', () => {
  it('absent: the HTTP feed at feedUrl and no extra layers', () => {
    const { config, problems } = validateConfig({});
    expect(config.feed).toBeUndefined();
    expect(config.layers).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('an MQTT source with topics and a mapping', () => {
    const feed = { source: 'mqtt', url: 'wss://broker.example.cn:8884/mqtt', topics: ['cq/+/reading'], mapping: { sensor: '$topic.1', value: 'v' } };
    const { config, problems } = validateConfig({ feed });
    expect(problems).toEqual([]);
    expect(config.feed).toEqual({ ...feed, pollS: 30 });
  });

  it('bad fields fall back one by one and are reported', () => {
    const { config, problems } = validateConfig({
      feed: { source: 'kafka', url: 'javascript:alert(1)', mapping: { colour: 'x' }, pollS: 0 },
    });
    expect(config.feed).toEqual({ source: 'http', pollS: 30 });
    expect(fields(problems)).toEqual(['feed.source', 'feed.url', 'feed.mapping', 'feed.pollS']);
  });

  it('extra layers: defaults filled, unusable entries dropped and reported', () => {
    const { config, problems } = validateConfig({
      layers: [{ name: 'Buildings', url: '/tiles/buildings/tileset.json' }, { name: 'BIM', url: 'https://bim.example.cn/t/tileset.json', opacity: 0.5, show: false, cacheMB: 64 }, { name: 'No url' }, 7],
    });
    expect(config.layers).toEqual([
      { name: 'Buildings', url: '/tiles/buildings/tileset.json', opacity: 1, show: true, cacheMB: 128 },
      { name: 'BIM', url: 'https://bim.example.cn/t/tileset.json', opacity: 0.5, show: false, cacheMB: 64 },
    ]);
    expect(fields(problems)).toEqual(['layers[].url', 'layers[]']);
  });
});
