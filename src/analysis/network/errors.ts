/**
 * Errors of the network engine: a stable code, params, and one-line English and Chinese messages ready to show
 * (the Worker passes `info` through; the CLI prints `en` and exits non-zero).
 */
import type { NetworkErrorCode, NetworkErrorInfo } from './types';

type P = Readonly<Record<string, string | number>>;

const EN: Record<NetworkErrorCode, (p: P) => string> = {
  'unknown-id': (p) => `No ${p.what ?? 'asset'} with id ${p.id}.`,
  'wrong-kind': (p) => `${p.id} is ${p.is}; ${p.need}.`,
  'contains-source': (p) => `The section around ${p.id} contains the source ${p.source} (${p.sourceId}): it cannot be isolated by valves.`,
  'not-isolable': (p) => `No operable valve bounds the section around ${p.id}: it cannot be isolated by valves.`,
  'not-loaded': () => 'The network is not loaded yet.',
  'no-result': () => 'Run an isolation or a trace before exporting.',
  'bad-network-file': (p) => `The network file could not be read: ${p.detail}.`,
};

const ZH: Record<NetworkErrorCode, (p: P) => string> = {
  'unknown-id': (p) => `没有编号为 ${p.id} 的${p.whatZh ?? '设施'}。`,
  'wrong-kind': (p) => `${p.id} 是${p.isZh}；${p.needZh}。`,
  'contains-source': (p) => `${p.id} 所在管段内有水源／气源／热源 ${p.source}（${p.sourceId}），无法靠关阀隔离。`,
  'not-isolable': (p) => `${p.id} 所在管段周围没有可操作的阀门，无法靠关阀隔离。`,
  'not-loaded': () => '管网尚未加载。',
  'no-result': () => '请先进行关阀分析或追踪，再导出。',
  'bad-network-file': (p) => `无法读取管网文件：${p.detail}。`,
};

export class NetworkError extends Error {
  readonly info: NetworkErrorInfo;
  constructor(code: NetworkErrorCode, params: P = {}) {
    const en = EN[code](params);
    super(en);
    this.name = 'NetworkError';
    this.info = { code, params, en, zh: ZH[code](params) };
  }
}

export function isNetworkError(e: unknown): e is NetworkError {
  return e instanceof NetworkError;
}

/** Words for the kinds of asset in messages. */
export const KIND_WORDS = {
  pressurePipe: { en: 'a pipe of a pressure network (water, gas or heat)', zh: '压力管网（给水、燃气或热力）的管段' },
  drainageAsset: { en: 'a drainage pipe or node', zh: '排水管段或节点' },
  outfall: { en: 'an outfall', zh: '排放口' },
} as const;
