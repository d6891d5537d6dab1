/**
 * CSV and GeoJSON of a network result, one row / feature per asset with its role. CSV headers carry both languages
 * ("role 角色"); roles are written as codes with their Chinese names beside them (ROLE_NAMES).
 * GeoJSON: valves, service points and outfalls as Points; pipes as LineStrings through their end nodes and the point
 * halfway along (the network file keeps no other vertices); a catchment's outline as a Polygon.
 */
import type { LonLat } from '../../domain/schema';
import { nodePosition } from './items';
import type { NetworkData } from './model';
import type { NetworkExport, NetworkResult, NodeItem, PipeItem } from './types';

export const ROLE_NAMES: Record<string, { en: string; zh: string }> = {
  start: { en: 'start', zh: '起点' },
  close: { en: 'valve to close', zh: '需关阀门' },
  inoperable: { en: 'inoperable valve (passed)', zh: '失灵阀门（越过）' },
  stuck: { en: 'stuck valve (passed)', zh: '卡阻阀门（越过）' },
  'already-closed': { en: 'valve already closed', zh: '常闭阀门' },
  isolated: { en: 'isolated pipe', zh: '停水管段' },
  outage: { en: 'secondary outage pipe', zh: '次生停供管段' },
  'customer-isolated': { en: 'service point (isolated)', zh: '用户点（隔离区）' },
  'customer-outage': { en: 'service point (outage)', zh: '用户点（次生停供）' },
  pipe: { en: 'pipe', zh: '管段' },
  node: { en: 'node', zh: '节点' },
  outfall: { en: 'outfall', zh: '排放口' },
  adverse: { en: 'adverse slope', zh: '倒坡' },
};

interface Row {
  role: string;
  asset: 'segment' | 'node';
  id: string;
  gid: number;
  type: string;
  position: LonLat;
  depth: number | null;
  length: number | null;
  dn: number | null;
  customers: number | null;
  group: string;
}

const pipeRow = (p: PipeItem, role: string, group = ''): Row => ({
  role, asset: 'segment', id: p.id, gid: p.gid, type: p.sub, position: p.position, depth: Math.max(p.depth0, p.depth1), length: p.length,
  dn: p.dn, customers: null, group,
});
const nodeRow = (n: NodeItem, role: string, customers: number | null = null, group = ''): Row => ({
  role, asset: 'node', id: n.id, gid: n.gid, type: n.type, position: n.position, depth: n.depth, length: null, dn: null, customers, group,
});

function rows(r: NetworkResult): Row[] {
  switch (r.kind) {
    case 'isolation':
      return [
        pipeRow(r.pipe, 'start'),
        ...r.valves.close.map((v) => nodeRow(v, 'close')),
        ...r.valves.inoperable.map((v) => nodeRow(v, 'inoperable')),
        ...r.valves.stuck.map((v) => nodeRow(v, 'stuck')),
        ...r.valves.alreadyClosed.map((v) => nodeRow(v, 'already-closed')),
        ...r.isolated.map((p) => pipeRow(p, 'isolated')),
        ...r.outage.map((p) => pipeRow(p, 'outage')),
        ...r.customers.map((c) => nodeRow(c, c.cause === 'isolated' ? 'customer-isolated' : 'customer-outage', c.customers)),
      ];
    case 'trace':
      return [...r.pipes.map((p) => pipeRow(p, r.slopeFlags.some((f) => f.gid === p.gid) ? 'adverse' : 'pipe')), ...r.nodes.map((n) => nodeRow(n, n.type === 'outfall' ? 'outfall' : 'node'))];
    case 'catchment':
      return [nodeRow(r.outfall, 'outfall'), ...r.pipes.map((p) => pipeRow(p, 'pipe'))];
    case 'section':
      return r.outfalls.map((o) => ({ ...nodeRow(o.outfall, 'outfall', null, r.section.id), length: o.length }));
  }
}

const HEADER = ['role 角色', 'role_zh 角色名称', 'asset 类型', 'id 编号', 'gid', 'type 设施', 'lon 经度', 'lat 纬度', 'depth_m 埋深(m)', 'length_m 长度(m)', 'dn_mm 管径(mm)', 'customers 户数', 'group 分组'];

function cell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function networkCsv(r: NetworkResult): string {
  const lines = [HEADER.join(',')];
  for (const x of rows(r)) {
    lines.push([x.role, ROLE_NAMES[x.role]?.zh ?? '', x.asset, x.id, x.gid, x.type, x.position[0], x.position[1], x.depth, x.length, x.dn, x.customers, x.group].map(cell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function networkGeoJson(r: NetworkResult, net: NetworkData): object {
  const features: object[] = rows(r).map((x) => {
    let geometry: object = { type: 'Point', coordinates: x.position };
    if (x.asset === 'segment') {
      geometry = { type: 'LineString', coordinates: [nodePosition(net, net.segFrom[x.gid]), x.position, nodePosition(net, net.segTo[x.gid])] };
    }
    return {
      type: 'Feature', geometry,
      properties: { role: x.role, roleEn: ROLE_NAMES[x.role]?.en ?? x.role, roleZh: ROLE_NAMES[x.role]?.zh ?? '', id: x.id, gid: x.gid, type: x.type, depth: x.depth, length: x.length, dn: x.dn, customers: x.customers },
    };
  });
  if (r.kind === 'catchment' && r.outline) features.push({ type: 'Feature', geometry: r.outline, properties: { role: 'outline', roleEn: 'catchment outline', roleZh: '汇水范围', id: r.outfall.id } });
  if (r.kind === 'section') {
    for (const o of r.outfalls) if (o.outline) features.push({ type: 'Feature', geometry: o.outline, properties: { role: 'outline', roleEn: 'catchment outline', roleZh: '汇水范围', id: o.outfall.id } });
  }
  return { type: 'FeatureCollection', features };
}

function stem(r: NetworkResult): string {
  switch (r.kind) {
    case 'isolation':
      return `isolation-${r.pipe.id}`;
    case 'trace':
      return `${r.direction}-${r.start.id}`;
    case 'catchment':
      return `catchment-${r.outfall.id}`;
    case 'section':
      return `section-${r.section.id}`;
  }
}

export function exportNetworkResult(r: NetworkResult, net: NetworkData, format: 'csv' | 'geojson'): NetworkExport {
  const name = stem(r).replace(/[^A-Za-z0-9_.-]/g, '_');
  if (format === 'csv') return { format, mime: 'text/csv;charset=utf-8', filename: `${name}.csv`, text: networkCsv(r) };
  return { format, mime: 'application/geo+json', filename: `${name}.geojson`, text: JSON.stringify(networkGeoJson(r, net)) };
}
