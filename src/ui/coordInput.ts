/**
 * Typed coordinates and GeoJSON upload for the area query: a CRS choice (WGS 84 lon/lat, or CGCS2000 geographic /
 * Gauss-Krüger zones used around Chongqing, by EPSG code), a text box with one vertex per line, and a file input.
 * The text is parsed here (pure `parseCoordText`); transforming and validating the polygon is the query engine's job
 * (the Worker gets the ring and the CRS code).
 */
import { CHONGQING_CRS } from '../analysis/crs';
import { el } from './dom';
import { translate, type I18nKey, type Lang, type Params } from './i18n';

export type ParsedCoords =
  | { ok: true; ring: [number, number][] }
  | { ok: false; key: I18nKey; params?: Params };

/**
 * One vertex per line, "x, y" or "x y" (also tabs, semicolons; full-width comma). Empty lines and lines starting with
 * # are skipped. The ring is closed if it is not already. Needs at least 3 distinct vertices.
 */
export function parseCoordText(text: string): ParsedCoords {
  const ring: [number, number][] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(/[\s,;，；]+/).filter(Boolean);
    const nums = parts.map(Number);
    if (parts.length !== 2 || !nums.every((n) => Number.isFinite(n))) {
      return { ok: false, key: 'query.coords.badLine', params: { line: i + 1, text: line.slice(0, 60) } };
    }
    ring.push([nums[0], nums[1]]);
  }
  const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`));
  if (distinct.size < 3) return { ok: false, key: 'query.coords.tooFew' };
  const f = ring[0];
  const l = ring[ring.length - 1];
  if (f[0] !== l[0] || f[1] !== l[1]) ring.push([f[0], f[1]]);
  return { ok: true, ring };
}

/** The CRS choices: "" = WGS 84 lon/lat, else "EPSG:n". */
export function crsChoices(lang: Lang): { value: string; label: string }[] {
  return [
    { value: '', label: translate(lang, 'query.coords.wgs84') },
    ...CHONGQING_CRS.map((c) => ({ value: `EPSG:${c.epsg}`, label: `EPSG:${c.epsg} ${lang === 'en' ? c.name : c.zh}` })),
  ];
}

export interface CoordInputHandlers {
  /** a parsed ring in the chosen CRS ("" = lon/lat) */
  onRing(ring: [number, number][], crs: string): void;
  onProblem(key: I18nKey, params?: Params): void;
  /** the text of an uploaded file, sent to the engine as is */
  onFile(text: string, name: string): void;
}

/** The typed-coordinates box (in a <details>) and the GeoJSON file button; rebuilt on language change by the caller. */
export function coordInputView(lang: Lang, handlers: CoordInputHandlers, remembered: { crs: string; text: string }): HTMLElement {
  const t = (k: I18nKey): string => translate(lang, k);
  const select = el('select', { testId: 'query-coords-crs', attrs: { 'aria-label': t('query.coords.crs') } });
  for (const c of crsChoices(lang)) {
    const o = el('option', { text: c.label, attrs: { value: c.value } });
    select.appendChild(o);
  }
  select.value = remembered.crs;
  select.addEventListener('change', () => (remembered.crs = select.value));
  const area = el('textarea', { testId: 'query-coords-text', attrs: { rows: '4', placeholder: t('query.coords.placeholder'), spellcheck: 'false' } });
  area.value = remembered.text;
  area.addEventListener('input', () => (remembered.text = area.value));
  const apply = el('button', { className: 'seg', text: t('query.coords.apply'), testId: 'query-coords-apply', attrs: { type: 'button' } });
  apply.addEventListener('click', () => {
    const parsed = parseCoordText(area.value);
    if (parsed.ok) handlers.onRing(parsed.ring, select.value);
    else handlers.onProblem(parsed.key, parsed.params);
  });
  const file = el('input', { testId: 'query-upload-input', attrs: { type: 'file', accept: '.geojson,.json,application/geo+json,application/json' } });
  file.hidden = true;
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (!f) return;
    f.text().then(
      (text) => handlers.onFile(text, f.name),
      (err: unknown) => handlers.onProblem('query.uploadFailed', { name: f.name, detail: String(err) }),
    );
    file.value = '';
  });
  const upload = el('button', { className: 'seg', text: t('query.upload'), title: t('query.uploadTitle'), testId: 'query-upload', attrs: { type: 'button' } });
  upload.addEventListener('click', () => file.click());
  const details = el('details', { className: 'query-coords' }, [
    el('summary', { text: t('query.coords') }),
    el('label', { className: 'query-field' }, [el('span', { text: t('query.coords.crs') }), select]),
    area,
    el('div', { className: 'query-row' }, [apply]),
  ]);
  details.open = remembered.text.length > 0;
  return el('div', { className: 'query-inputs' }, [details, el('div', { className: 'query-row' }, [upload, file])]);
}
