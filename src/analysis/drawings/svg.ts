/**
 * Drawings as SVG strings, to scale (a pure renderer: runs in Node, a Worker and the page; snapshot-tested).
 *
 * Plain SVG rather than ECharts' SSR renderer: a section and a profile are engineering drawings (true-size circles
 * and boxes, dimension lines, a measuring-bar table), not charts; plain SVG gives exact control of the metre → pixel
 * scale, adds nothing to any bundle, and the output is small and diffable.
 *
 * CJJ 61 standard colours (domain/categories.ts) on white paper, violations in red. Every text is escaped.
 */
import { category } from '../../domain/categories';
import type { CategoryCode } from '../../domain/schema';
import { word, type DrawingLang } from './labels';
import type { ClearancePair, CrossSection, LongProfile } from './types';

/**
 * Where the drawing's chainage (profile) or offset (section) axis lies, in SVG user units: metre 0 at `left`, metre
 * `span` at `right`, on a drawing `width` wide. The SVG root carries it too (data-axis-left, data-axis-right,
 * data-axis-span): a pointer over the drawing maps to metres along the path or the line (hover → 3D marker).
 */
export interface DrawingAxis {
  width: number;
  left: number;
  right: number;
  span: number;
}

export interface SvgOptions {
  lang?: DrawingLang;
  /** drawing width in px (default 1000; a long profile grows to keep 16 px per station) */
  width?: number;
}

const RED = '#d00000';
const FONT = 'font-family="sans-serif"';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '—');
const px = (v: number): string => (Math.round(v * 10) / 10).toString();

function colour(cat: CategoryCode): string {
  const c = category(cat)?.standard ?? [128, 128, 128];
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
function catName(cat: CategoryCode, lang: DrawingLang): string {
  const c = category(cat);
  // one word: the bar's cells are narrow (Water, Drainage, Gas …)
  return c ? (lang === 'zh' ? c.zh : c.en.split(' ')[0]) : cat;
}
function sizeText(p: { dn: number | null; box: { w: number; h: number } | null }): string {
  return p.box ? `${p.box.w}×${p.box.h}` : p.dn !== null ? `DN${p.dn}` : '—';
}
function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${px(x)}" y="${px(y)}" ${FONT} ${attrs}>${esc(s)}</text>`;
}
/** Text rotated −90° (reads bottom to top) anchored at its start. */
function vtext(x: number, y: number, s: string, attrs = ''): string {
  return `<text transform="translate(${px(x)},${px(y)}) rotate(-90)" ${FONT} font-size="10" dominant-baseline="middle" ${attrs}>${esc(s)}</text>`;
}
/** A round number of metres about a fifth of `span`. */
function niceBar(span: number): number {
  const raw = span / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}
function scaleBar(x: number, y: number, hs: number, span: number, vex: number, lang: DrawingLang): string {
  const m = niceBar(span);
  const w = m * hs;
  const sep = lang === 'zh' ? '：' : ': ';
  const ex = vex > 1.001 ? (lang === 'zh' ? `，${word('vex', lang)}×${vex.toFixed(1)}` : `, ${word('vex', lang)} ×${vex.toFixed(1)}`) : '';
  return (
    `<g class="scale"><path d="M${px(x)} ${px(y)}h${px(w)}" stroke="#000" stroke-width="2"/>` +
    `<path d="M${px(x)} ${px(y - 4)}v8M${px(x + w)} ${px(y - 4)}v8" stroke="#000"/>` +
    text(x + w + 6, y + 4, `${word('scale', lang)}${sep}${m} m${ex}`, 'font-size="11"') +
    `</g>`
  );
}

interface Table {
  labels: string[];
  rowH: number;
  top: number;
  left: number;
  right: number;
}
function tableFrame(t: Table): string {
  const h = t.labels.length * t.rowH;
  let s = `<g class="bar"><rect x="${px(t.left)}" y="${px(t.top)}" width="${px(t.right - t.left)}" height="${px(h)}" fill="none" stroke="#000"/>`;
  t.labels.forEach((l, k) => {
    const y = t.top + k * t.rowH;
    if (k > 0) s += `<path d="M${px(t.left)} ${px(y)}H${px(t.right)}" stroke="#000" stroke-width="0.5"/>`;
    s += text(t.left + 4, y + t.rowH / 2 + 4, l, 'font-size="11"');
  });
  return `${s}<path d="M${px(t.left + 110)} ${px(t.top)}v${px(h)}" stroke="#000"/></g>`;
}

/** The cross-section drawing's offset axis. */
export function sectionAxis(s: CrossSection, options: SvgOptions = {}): DrawingAxis {
  const width = options.width ?? 1000;
  return { width, left: 130, right: width - 40, span: Math.max(s.length, 1) };
}

/** The long profile drawing's chainage axis (the drawing grows to keep 16 px per station). */
export function profileAxis(p: LongProfile, options: SvgOptions = {}): DrawingAxis {
  const left = 130;
  const width = Math.max(options.width ?? 1000, left + 30 + 16 * p.stations.length);
  return { width, left, right: width - 40, span: Math.max(p.length, 1) };
}

/** The cross-section drawing. */
export function sectionSvg(s: CrossSection, options: SvgOptions = {}): string {
  const lang = options.lang ?? 'zh';
  const axis = sectionAxis(s, options);
  const { left, right, span } = axis;
  const W = axis.width;
  const hs = (right - left) / span;
  const grounds = s.ground.map((g) => g.elevation);
  const top = Math.max(...grounds, 0) + 0.5;
  const bottom = s.pipes.length ? Math.min(...s.pipes.map((p) => p.ground - p.invertDepth)) - 0.5 : top - 3;
  const depthSpan = Math.max(top - bottom, 2);
  const vs = Math.max(hs, 220 / depthSpan);
  const y0 = 60;
  const yOf = (elev: number): number => y0 + (top - elev) * vs;
  const xOf = (off: number): number => left + off * hs;
  const drawH = depthSpan * vs;
  const parts: string[] = [];
  const sep = lang === 'zh' ? '，' : ', ';
  const colon = lang === 'zh' ? '：' : ': ';
  parts.push(
    text(left, 24, word('sectionTitle', lang), 'font-size="18" font-weight="bold"'),
    text(left, 44, `${word('length', lang)}${colon}${f2(s.length)} m${sep}${s.pipes.length} ${word('pipes', lang)}${sep}${word('violations', lang)}${colon}${s.violations}`, 'font-size="12"'),
  );
  // the line's ends as drawn on the map: A at offset 0, B at the end
  parts.push(text(xOf(0) - 14, y0 + 4, 'A', 'font-size="13" font-weight="bold"'), text(xOf(span) + 4, y0 + 4, 'B', 'font-size="13" font-weight="bold"'));
  // ground
  if (s.ground.length) {
    const pts = s.ground.map((g) => `${px(xOf(g.offset))},${px(yOf(g.elevation))}`).join(' ');
    parts.push(`<polyline class="ground" points="${pts}" fill="none" stroke="#6b4f2a" stroke-width="2"/>`);
    parts.push(text(xOf(0) + 2, yOf(s.ground[0].elevation) - 6, word('ground', lang), 'font-size="11" fill="#6b4f2a"'));
  }
  // pipes
  const byId = new Map(s.pipes.map((p) => [p.id, p]));
  for (const p of s.pipes) {
    const cx = xOf(p.offset);
    const cy = yOf(p.ground - p.crownDepth - p.height / 2);
    const rx = Math.max((p.width / 2) * hs, 2);
    const ry = Math.max((p.height / 2) * vs, 2);
    const bad = s.pairs.some((q) => q.ok === false && (q.a === p.id || q.b === p.id));
    const stroke = bad ? `stroke="${RED}" stroke-width="2"` : 'stroke="#000" stroke-width="0.6"';
    parts.push(
      p.box
        ? `<rect class="pipe" data-id="${esc(p.id)}" x="${px(cx - rx)}" y="${px(cy - ry)}" width="${px(2 * rx)}" height="${px(2 * ry)}" fill="${colour(p.cat)}" ${stroke}/>`
        : `<ellipse class="pipe" data-id="${esc(p.id)}" cx="${px(cx)}" cy="${px(cy)}" rx="${px(rx)}" ry="${px(ry)}" fill="${colour(p.cat)}" ${stroke}/>`,
    );
    parts.push(text(cx + rx + 2, cy - ry - 2, `${p.id} ${sizeText(p)}`, 'font-size="9"'));
  }
  // clearances
  for (const q of s.pairs) {
    if (q.ok === null) continue;
    const a = byId.get(q.a);
    const b = byId.get(q.b);
    if (!a || !b) continue;
    const c = q.ok ? '#666' : RED;
    const label = `${f2(q.clear)}${q.ok ? '' : ` < ${f2(q.min ?? 0)}`}`;
    if (q.kind === 'horizontal') {
      const y = Math.max(yOf(a.ground - a.invertDepth), yOf(b.ground - b.invertDepth)) + 14;
      const xa = xOf(a.offset + a.width / 2);
      const xb = xOf(b.offset - b.width / 2);
      parts.push(`<path class="clear${q.ok ? '' : ' bad'}" d="M${px(xa)} ${px(y)}H${px(xb)}M${px(xa)} ${px(y - 4)}v8M${px(xb)} ${px(y - 4)}v8" stroke="${c}"/>`);
      parts.push(text((xa + xb) / 2, y + 12, label, `font-size="9" text-anchor="middle" fill="${c}"`));
    } else {
      const [u, l] = a.crownDepth <= b.crownDepth ? [a, b] : [b, a];
      const x = xOf((a.offset + b.offset) / 2) + Math.max((Math.min(a.width, b.width) / 2) * hs, 2) + 8;
      const ya = yOf(u.ground - u.invertDepth);
      const yb = yOf(l.ground - l.crownDepth);
      parts.push(`<path class="clear${q.ok ? '' : ' bad'}" d="M${px(x)} ${px(ya)}V${px(yb)}M${px(x - 4)} ${px(ya)}h8M${px(x - 4)} ${px(yb)}h8" stroke="${c}"/>`);
      parts.push(text(x + 4, (ya + yb) / 2 + 3, label, `font-size="9" fill="${c}"`));
    }
  }
  const scaleY = y0 + drawH + 24;
  parts.push(scaleBar(left, scaleY, hs, span, vs / hs, lang));
  // measuring bar
  const rows = ['rowId', 'rowCat', 'rowSize', 'rowMaterial', 'rowCrown', 'rowInvertDepth', 'rowGround', 'rowOffset'] as const;
  const rowH = 64;
  const tTop = scaleY + 20;
  parts.push(tableFrame({ labels: rows.map((r) => word(r, lang)), rowH, top: tTop, left: 10, right: W - 8 }));
  let lastX = -Infinity;
  for (const p of s.pipes) {
    // pipes stacked at (nearly) one offset: their columns side by side
    const x = Math.max(xOf(p.offset), lastX + 12);
    lastX = x;
    const vals = [p.id, catName(p.cat, lang), sizeText(p), p.material, f2(p.crownDepth), f2(p.invertDepth), f2(p.ground), f2(p.offset)];
    vals.forEach((v, k) => parts.push(vtext(x, tTop + (k + 1) * rowH - 4, v)));
  }
  // violations in words
  let y = tTop + rows.length * rowH + 22;
  const bad = s.pairs.filter((q) => q.ok === false);
  parts.push(text(10, y, `${word('legendBad', lang)}${colon}${bad.length ? '' : word('none', lang)}`, `font-size="12" fill="${bad.length ? RED : '#000'}"`));
  for (const q of bad) {
    y += 16;
    parts.push(text(24, y, pairLine(q, lang), `font-size="11" fill="${RED}"`));
  }
  const H = y + 20;
  return svgDoc(W, H, parts, `${word('sectionTitle', lang)}`, axis);
}

function pairLine(q: ClearancePair, lang: DrawingLang): string {
  const kind = word(q.kind === 'horizontal' ? 'horizontal' : 'vertical', lang);
  const src = q.source ?? '';
  return lang === 'zh'
    ? `${q.a}—${q.b}${kind}${f2(q.clear)} m，小于${f2(q.min ?? 0)} m（${src}，${word('sure', lang)}${q.sure ?? ''}）`
    : `${q.a}–${q.b} ${kind} ${f2(q.clear)} m < ${f2(q.min ?? 0)} m (${src}, ${word('sure', lang)} ${q.sure ?? ''})`;
}

/** The long-profile drawing. */
export function profileSvg(p: LongProfile, options: SvgOptions = {}): string {
  const lang = options.lang ?? 'zh';
  const axis = profileAxis(p, options);
  const { left, right, span } = axis;
  const W = axis.width;
  const hs = (right - left) / span;
  const elevs = [...p.stations.map((s) => s.ground), ...p.segments.flatMap((s) => [s.invert0, s.invert1, s.crown0, s.crown1])];
  const top = Math.max(...elevs) + 0.5;
  const bottom = Math.min(...elevs) - 0.5;
  const vs = Math.max(hs, 260 / Math.max(top - bottom, 1));
  const y0 = 60;
  const yOf = (e: number): number => y0 + (top - e) * vs;
  const xOf = (c: number): number => left + c * hs;
  const colon = lang === 'zh' ? '：' : ': ';
  const sep = lang === 'zh' ? '，' : ', ';
  const parts: string[] = [];
  parts.push(
    text(left, 24, `${word('profileTitle', lang)} ${p.from} → ${p.to}`, 'font-size="18" font-weight="bold"'),
    text(
      left, 44,
      `${word('length', lang)}${colon}${f2(p.length)} m${sep}${word('adverse', lang)} ${p.counts.adverse}${sep}${word('drop', lang)} ${p.counts.drops}${sep}${word('stepUp', lang)} ${p.counts.stepUps}`,
      'font-size="12"',
    ),
  );
  // ground
  const gpts = p.stations.map((s) => `${px(xOf(s.chainage))},${px(yOf(s.ground))}`).join(' ');
  parts.push(`<polyline class="ground" points="${gpts}" fill="none" stroke="#6b4f2a" stroke-width="2"/>`);
  // pipes: band between crown and invert, invert line, adverse in red
  for (const s of p.segments) {
    const xa = xOf(s.chainage0);
    const xb = xOf(s.chainage1);
    const c = colour(s.cat);
    parts.push(
      `<polygon class="pipe" data-id="${esc(s.id)}" points="${px(xa)},${px(yOf(s.crown0))} ${px(xb)},${px(yOf(s.crown1))} ${px(xb)},${px(yOf(s.invert1))} ${px(xa)},${px(yOf(s.invert0))}" fill="${c}" fill-opacity="0.35" stroke="none"/>`,
      `<path class="crown" d="M${px(xa)} ${px(yOf(s.crown0))}L${px(xb)} ${px(yOf(s.crown1))}" stroke="${c}"/>`,
      `<path class="invert${s.adverse ? ' bad' : ''}" d="M${px(xa)} ${px(yOf(s.invert0))}L${px(xb)} ${px(yOf(s.invert1))}" stroke="${s.adverse ? RED : '#000'}" stroke-width="${s.adverse ? 2.5 : 1.2}"/>`,
    );
    if (s.adverse) parts.push(text((xa + xb) / 2, yOf((s.invert0 + s.invert1) / 2) + 14, word('adverse', lang), `font-size="10" text-anchor="middle" fill="${RED}"`));
  }
  // manholes
  for (const s of p.stations) {
    const x = xOf(s.chainage);
    const w = Math.max(1.0 * hs, 4);
    const low = s.ground - s.depth;
    parts.push(`<rect class="node" data-id="${esc(s.id)}" x="${px(x - w / 2)}" y="${px(yOf(s.ground))}" width="${px(w)}" height="${px(Math.max((s.ground - low) * vs, 1))}" fill="none" stroke="#000" stroke-width="0.8"/>`);
    if (s.flag) {
      const c = s.flag === 'step-up' ? RED : '#0050a0';
      parts.push(text(x + w / 2 + 2, yOf(low) + 12, `${word(s.flag === 'drop' ? 'drop' : 'stepUp', lang)} ${f2(s.drop ?? 0)}`, `font-size="10" fill="${c}"`));
    }
  }
  const scaleY = y0 + (top - bottom) * vs + 24;
  parts.push(scaleBar(left, scaleY, hs, span, vs / hs, lang));
  const rows = ['rowNode', 'rowGround', 'rowInvert', 'rowDepth', 'rowSize', 'rowMaterial', 'rowLength', 'rowSlope', 'rowStation'] as const;
  const rowH = 64;
  const tTop = scaleY + 20;
  parts.push(tableFrame({ labels: rows.map((r) => word(r, lang)), rowH, top: tTop, left: 10, right: W - 8 }));
  const rowY = (k: number): number => tTop + (k + 1) * rowH - 4;
  for (const s of p.stations) {
    const x = xOf(s.chainage);
    const inv = s.invertIn !== null && s.invertOut !== null && Math.abs(s.invertIn - s.invertOut) > 0.005 ? `${f2(s.invertIn)}/${f2(s.invertOut)}` : f2(s.invertOut ?? s.invertIn ?? NaN);
    parts.push(vtext(x, rowY(0), s.id), vtext(x, rowY(1), f2(s.ground)), vtext(x, rowY(2), inv), vtext(x, rowY(3), f2(s.depth)), vtext(x, rowY(8), f2(s.chainage)));
    parts.push(`<path d="M${px(x)} ${px(tTop + 6 * rowH)}v${px(2 * rowH)}" stroke="#000" stroke-width="0.5"/>`);
  }
  for (const s of p.segments) {
    const x = xOf((s.chainage0 + s.chainage1) / 2);
    const slope = `${(s.slope * 1000).toFixed(1)}`;
    parts.push(vtext(x, rowY(4), sizeText(s)), vtext(x, rowY(5), s.material), vtext(x, rowY(6), f2(s.length)), vtext(x, rowY(7), slope, s.adverse ? `fill="${RED}"` : ''));
  }
  const H = tTop + rows.length * rowH + 20;
  return svgDoc(W, H, parts, `${word('profileTitle', lang)}`, axis);
}

function svgDoc(w: number, h: number, parts: string[], title: string, axis: DrawingAxis): string {
  const meta = `data-axis-left="${px(axis.left)}" data-axis-right="${px(axis.right)}" data-axis-span="${Math.round(axis.span * 1000) / 1000}"`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.round(w)}" height="${Math.round(h)}" viewBox="0 0 ${Math.round(w)} ${Math.round(h)}" ${meta}>` +
    `<title>${esc(title)}</title><rect width="100%" height="100%" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`
  );
}
