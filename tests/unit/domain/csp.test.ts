import { describe, expect, it } from 'vitest';
import { configuredConnectSources, connectSource, contentSecurityPolicy } from '../../../src/domain/csp';

const BASE =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'";

describe('Content-Security-Policy', () => {
  it('is the strict base policy without extra sources', () => {
    expect(contentSecurityPolicy()).toBe(BASE);
    expect(contentSecurityPolicy([])).toBe(BASE);
  });

  it('adds a configured broker / service origin to connect-src and changes nothing else', () => {
    const csp = contentSecurityPolicy(['wss://Broker.example.cn:8884/mqtt', 'https://sta.example.cn/FROST-Server/v1.1', 'wss://broker.example.cn:8884/other']);
    expect(csp).toBe(BASE.replace("connect-src 'self'", "connect-src 'self' wss://broker.example.cn:8884 https://sta.example.cn"));
  });

  it('refuses anything that is not an absolute http(s)/ws(s) origin or could break the header', () => {
    for (const bad of ['/api/feed', 'javascript:alert(1)', 'data:text/plain,x', 'ws://*.example.cn', "wss://a.cn; script-src 'unsafe-eval'", 'https://user:pw@a.cn', 'ftp://a.cn', 'wss://a.cn,b.cn']) {
      expect(connectSource(bad), bad).toBeNull();
    }
    expect(connectSource('https://a.cn:443/x')).toBe('https://a.cn');
    expect(connectSource('ws://127.0.0.1:9001')).toBe('ws://127.0.0.1:9001');
    expect(contentSecurityPolicy(["wss://a.cn; script-src 'unsafe-eval'"])).toBe(BASE);
  });

  it('reads the off-origin addresses of a config.json: the feed, its MQTT extension, extra layers', () => {
    expect(
      configuredConnectSources({
        feedUrl: 'https://ignored.example/feed', // the plain HTTP feed URL is not a configured source of this kind
        feed: { source: 'sensorthings', url: 'https://sta.cn/v1.1', mqttUrl: 'wss://sta.cn:8883' },
        layers: [{ name: 'Buildings', url: 'https://tiles.cn/b/tileset.json' }, { name: 'Local', url: '/tiles/bim/tileset.json' }, 'junk'],
      }),
    ).toEqual(['https://sta.cn', 'wss://sta.cn:8883', 'https://tiles.cn']);
    expect(configuredConnectSources(null)).toEqual([]);
    expect(configuredConnectSources({ feed: { url: '/api/feed' } })).toEqual([]);
  });
});
