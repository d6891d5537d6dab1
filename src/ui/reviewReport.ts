/**
 * The one-page printable report of a review (excavation check, riverbank project review): a model built from the
 * result in one language (pure: tested in Node), rendered with DOM methods (every value as textContent). The print
 * stylesheet (styles/print.css) shows only the report when printing (`body.printing-review`).
 */
import type { ExcavationResult, RiverbankResult } from '../analysis/review';
import { category } from '../domain/categories';
import { statusDef } from '../domain/status';
import { wqClassDef, type WqClass } from '../domain/waterQuality';
import { el } from './dom';
import { translate, type I18nKey, type Lang, type Params } from './i18n';

/** The dataset's identity for the report footer (meta.json). */
export interface ReportMeta {
  name: string;
  generatedAt: string;
  seed: number;
}

export interface ReportTable {
  caption: string;
  head: string[];
  rows: string[][];
  /** shown when rows is empty */
  empty: string;
  /** rows cut for the one page */
  more: string | null;
}

export interface ReportModel {
  kind: 'excavation' | 'riverbank';
  lang: Lang;
  title: string;
  /** the title in the other language */
  altTitle: string;
  summary: string[];
  tables: ReportTable[];
  footer: string[];
}

/** Rows per table on the one page. */
export const MAX_ROWS = 40;

const num = (x: number, digits = 2): string => (Math.round(x * 10 ** digits) / 10 ** digits).toString();

function catName(code: string, lang: Lang): string {
  const c = category(code);
  return c ? (lang === 'en' ? c.en : c.zh) : code;
}

function size(dn: number | null, box: { w: number; h: number } | null): string {
  if (dn) return `DN${dn}`;
  if (box) return `${box.w}×${box.h}`;
  return '';
}

function table(lang: Lang, caption: string, head: I18nKey[], rows: string[][]): ReportTable {
  const t = (k: I18nKey, p?: Params) => translate(lang, k, p);
  return {
    caption,
    head: head.map((k) => t(k)),
    rows: rows.slice(0, MAX_ROWS),
    empty: t('review.none'),
    more: rows.length > MAX_ROWS ? t('review.more', { count: rows.length - MAX_ROWS }) : null,
  };
}

function footer(lang: Lang, meta: ReportMeta, at: Date, crs: string): string[] {
  const t = (k: I18nKey, p?: Params) => translate(lang, k, p);
  return [t('review.generated', { time: at.toISOString().replace('T', ' ').slice(0, 19) + ' UTC' }), t('review.dataVersion', { name: meta.name, generated: meta.generatedAt, seed: meta.seed }), t('review.crs', { crs })];
}

/** Report of an excavation check: the pit, the summary, one table per owner to notify. */
export function excavationReport(r: ExcavationResult, lang: Lang, meta: ReportMeta, at: Date): ReportModel {
  const t = (k: I18nKey, p?: Params) => translate(lang, k, p);
  const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
  const head: I18nKey[] = ['review.col.id', 'review.col.category', 'review.col.size', 'review.col.status', 'review.col.offset', 'review.col.depth', 'review.col.margin'];
  return {
    kind: 'excavation',
    lang,
    title: t('review.excavation.report'),
    altTitle: translate(other, 'review.excavation.report'),
    summary: [
      t('review.pit', { area: num(r.pit.areaM2, 1), depth: num(r.pit.depthM), slope: num(r.pit.sideSlope), safety: num(r.safetyM), reach: num(r.reachM) }),
      t('review.summary.excavation', { reached: r.counts.reached, near: r.counts.near, owners: r.counts.owners }),
    ],
    tables: r.owners.map((g) =>
      table(
        lang,
        t('review.ownerCaption', { owner: g.owner || t('review.ownerUnknown') }),
        head,
        g.items.map((i) => [i.id, catName(i.cat, lang), size(i.dn, i.box), t(i.status === 'reached' ? 'review.status.reached' : 'review.status.near'), num(i.offsetM), num(i.depthM), num(i.marginM)]),
      ),
    ),
    footer: footer(lang, meta, at, r.pit.crs),
  };
}

function classText(cls: WqClass | null, lang: Lang): string {
  if (cls === null) return '—';
  const d = wqClassDef(cls);
  return translate(lang, 'review.classText', { roman: d.roman, name: lang === 'en' ? d.en : d.zh });
}

/** Report of a riverbank review: pipes under and near by category, outfalls, sections, drainage. */
export function riverbankReport(r: RiverbankResult, lang: Lang, meta: ReportMeta, at: Date): ReportModel {
  const t = (k: I18nKey, p?: Params) => translate(lang, k, p);
  const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
  const cats = (gs: RiverbankResult['pipes']['under']) => gs.map((g) => [catName(g.cat, lang), String(g.count), num(g.lengthM, 1), g.ids.slice(0, 6).join(', ') + (g.ids.length > 6 ? ' …' : '')]);
  const catHead: I18nKey[] = ['review.col.category', 'review.col.count', 'review.col.length', 'review.col.ids'];
  const tables: ReportTable[] = [
    table(lang, t('review.under'), catHead, cats(r.pipes.under)),
    table(lang, t('review.near'), catHead, cats(r.pipes.near)),
    table(
      lang,
      t('review.outfalls'),
      ['review.col.outfall', 'review.col.size', 'review.col.river', 'review.col.where'],
      r.outfalls.map((o) => [o.id, size(o.dn, null), o.river, t(o.inProject ? 'review.inProject' : 'review.inBuffer')]),
    ),
    table(
      lang,
      t('review.sections'),
      ['review.col.where', 'review.col.distance', 'review.project', 'review.col.target', 'review.col.current', 'review.col.status'],
      r.sections.map((s) => [
        t(`review.position.${s.position}`),
        num(s.distanceM, 0),
        lang === 'en' ? s.nameEn : s.name,
        classText(s.targetClass as WqClass, lang),
        classText(s.currentClass, lang),
        lang === 'en' ? statusDef(s.status).en : statusDef(s.status).zh,
      ]),
    ),
  ];
  if (r.drainage) {
    tables.push(
      table(
        lang,
        t('review.withTotal', { title: t('review.drainage'), total: t('review.drainageTotal', { pipes: r.drainage.pipes, length: num(r.drainage.lengthM, 0) }) }),
        ['review.col.outfall', 'review.col.count', 'review.col.length', 'review.col.area'],
        r.drainage.catchments.map((c) => [c.outfall, String(c.pipes), num(c.lengthM, 0), num(c.areaKm2, 3)]),
      ),
    );
  }
  const name = lang === 'en' ? r.project.nameEn : r.project.name;
  return {
    kind: 'riverbank',
    lang,
    title: t('review.riverbank.report'),
    altTitle: translate(other, 'review.riverbank.report'),
    summary: [
      t('review.riverbank.summary', { name, distance: num(r.distanceM, 1), area: num(r.buffer.areaM2, 0), under: r.pipes.counts.under, near: r.pipes.counts.near, outfalls: r.outfalls.length }),
      ...(r.drainage ? [] : [t('review.noDrainage')]),
    ],
    tables,
    footer: footer(lang, meta, at, r.buffer.crs),
  };
}

/** What the page adds to a report: the map at print time, and for an excavation the cross-section through the pit. */
export interface ReportPictures {
  /** the map view, a data: URL of a PNG ('' or absent: none) */
  map?: string;
  /** the section drawing as a data: URL (an SVG image); null: no pipe crosses the section line; absent: no section */
  section?: string | null;
}

/** The report as an element (text only), with the map picture and the section drawing when given. */
export function renderReport(m: ReportModel, pictures: ReportPictures = {}): HTMLElement {
  const root = el('article', { className: 'review-report', testId: `review-report-${m.kind}`, attrs: { lang: m.lang === 'en' ? 'en' : 'zh-CN' } }, [
    el('header', { className: 'review-report-head' }, [el('h1', { text: m.title }), el('p', { className: 'review-report-alt', text: m.altTitle })]),
    ...m.summary.map((s) => el('p', { className: 'review-report-summary', text: s })),
  ]);
  if (pictures.map) {
    const img = el('img', { className: 'review-report-map', testId: 'review-report-map', attrs: { alt: translate(m.lang, 'review.mapAlt') } });
    img.src = pictures.map;
    root.appendChild(img);
  }
  if (pictures.section !== undefined) {
    const caption = translate(m.lang, 'review.sectionCaption');
    const figure = el('figure', { className: 'review-report-section', testId: 'review-report-section' }, [el('figcaption', { text: caption })]);
    if (pictures.section) {
      const img = el('img', { attrs: { alt: caption } });
      img.src = pictures.section;
      figure.appendChild(img);
    } else figure.appendChild(el('p', { className: 'review-report-more', text: translate(m.lang, 'review.sectionNone') }));
    root.appendChild(figure);
  }
  for (const tb of m.tables) {
    const tableEl = el('table', { className: 'review-report-table' }, [
      el('caption', { text: tb.caption }),
      el('thead', {}, [el('tr', {}, tb.head.map((h) => el('th', { text: h, attrs: { scope: 'col' } })))]),
      el(
        'tbody',
        {},
        tb.rows.length ? tb.rows.map((r) => el('tr', {}, r.map((c) => el('td', { text: c })))) : [el('tr', {}, [el('td', { text: tb.empty, attrs: { colspan: String(tb.head.length) } })])],
      ),
    ]);
    root.appendChild(tableEl);
    if (tb.more) root.appendChild(el('p', { className: 'review-report-more', text: tb.more }));
  }
  root.appendChild(el('footer', { className: 'review-report-foot' }, m.footer.map((f) => el('p', { text: f }))));
  return root;
}
