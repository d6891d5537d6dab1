/**
 * The drawing panel: one engineering drawing (a cross-section or a long profile, an SVG string made by
 * src/analysis/drawings through the app) shown as an <img> of a blob URL — never parsed into the page — with
 * "Download SVG", "Download PNG" (the SVG drawn into a canvas at 2×, local fonts only) and "Print"; "Draw section line" starts
 * the section line tool (app/drawings.ts). A pointer over the drawing reports its x in the drawing's own units to the
 * content (`hover`: the app maps it to metres along the path and moves a 3D marker); leaving reports null. The drawing is made again in the current language when the language changes. Print copies
 * the image into a root of its own under <body> and marks the body (`printing-drawing`): styles/drawing.css then shows
 * that root alone. Every blob URL is revoked when it is replaced and at dispose. No Cesium, no analysis here.
 */
import { el, replaceChildren } from './dom';
import { saveBlob } from './download';
import { translate, type I18nKey, type Lang, type Params } from './i18n';
import type { AppStore } from './state';

/** What the panel shows: a title and the drawing, both made for a language. */
export interface DrawingContent {
  /** heading, in the language */
  title(lang: Lang): string;
  /** the SVG document, in the language */
  svg(lang: Lang): string;
  /** download file name without extension (ASCII) */
  fileName: string;
  /** the pointer over the drawing at x (SVG user units), null when it left */
  hover?(x: number | null): void;
}

export interface DrawingPanel {
  readonly root: HTMLElement;
  /** the blob URL of the drawing shown, null when none */
  readonly url: string | null;
  /** the SVG document of the drawing shown (in the current language), null when none */
  svgText(): string | null;
  /** "working…" or an error in words instead of the drawing (null: back to the drawing) */
  setStatus(key: I18nKey | null, params?: Params): void;
  /** shows a drawing (replaces the one shown) */
  show(content: DrawingContent): void;
  download(): void;
  /** the drawing as a PNG at `scale`× its size (white paper), null when none is shown */
  png(scale?: number): Promise<Blob | null>;
  downloadPng(): Promise<void>;
  print(): void;
  /** a line above the drawing (e.g. "pick the end of the profile"), null for none */
  setNote(key: I18nKey | null, params?: Params): void;
  /** hides the panel and drops the drawing */
  close(): void;
  dispose(): void;
}

export function mountDrawingPanel(parent: HTMLElement, store: AppStore, deps: { onClose?(): void; onDrawLine?(): void } = {}): DrawingPanel {
  const root = el('section', { className: 'panel drawing-panel', testId: 'drawing-panel' });
  root.hidden = true;
  parent.appendChild(root);
  let content: DrawingContent | null = null;
  let status: { key: I18nKey; params?: Params } | null = null;
  let note: { key: I18nKey; params?: Params } | null = null;
  let url: string | null = null;
  /** the language the blob was made in */
  let urlLang: Lang | null = null;
  let disposed = false;

  const revoke = (): void => {
    if (url) URL.revokeObjectURL(url);
    url = null;
    urlLang = null;
  };

  const render = (): void => {
    const lang = store.get().lang;
    const t = (k: I18nKey, p?: Params): string => translate(lang, k, p);
    if (!content && !status && !note) {
      root.hidden = true;
      return;
    }
    root.hidden = false;
    const body: Node[] = [];
    if (note) body.push(el('p', { className: 'panel-note', testId: 'drawing-note', text: t(note.key, note.params) }));
    if (status) body.push(el('p', { className: 'muted', testId: 'drawing-status', text: t(status.key, status.params) }));
    else if (content) {
      if (urlLang !== lang) {
        revoke();
        try {
          url = URL.createObjectURL(new Blob([content.svg(lang)], { type: 'image/svg+xml' }));
          urlLang = lang;
        } catch (err) {
          body.push(el('p', { className: 'muted', testId: 'drawing-status', text: t('drawing.failed', { detail: err instanceof Error ? err.message : String(err) }) }));
        }
      }
      // the drawing full size in a tab of its own (a blob URL of this page: nothing leaves the origin)
      if (url) {
        const img = el('img', { className: 'drawing-image', testId: 'drawing-image', attrs: { src: url, alt: content.title(lang) } });
        const shown = content;
        img.addEventListener('pointermove', (e) => {
          const r = img.getBoundingClientRect();
          if (r.width > 0 && img.naturalWidth > 0) shown.hover?.(((e.clientX - r.left) * img.naturalWidth) / r.width);
        });
        img.addEventListener('pointerleave', () => shown.hover?.(null));
        body.push(el('a', { className: 'drawing-open', title: t('drawing.openTitle'), attrs: { href: url, target: '_blank', rel: 'noopener' } }, [img]));
      }
    }
    const download = el('button', { className: 'seg', text: t('drawing.download'), title: t('drawing.downloadTitle'), testId: 'drawing-download', attrs: { type: 'button' } });
    download.addEventListener('click', () => api.download());
    const print = el('button', { className: 'seg', text: t('drawing.print'), title: t('drawing.printTitle'), testId: 'drawing-print', attrs: { type: 'button' } });
    print.addEventListener('click', () => api.print());
    const png = el('button', { className: 'seg', text: t('drawing.downloadPng'), title: t('drawing.downloadPngTitle'), testId: 'drawing-png', attrs: { type: 'button' } });
    png.addEventListener('click', () => void api.downloadPng());
    download.disabled = png.disabled = print.disabled = url === null || status !== null;
    const line = el('button', { className: 'seg', text: t('drawing.lineAction'), title: t('drawing.lineActionTitle'), testId: 'drawing-line', attrs: { type: 'button' } });
    line.addEventListener('click', () => deps.onDrawLine?.());
    const close = el('button', { className: 'icon-button', text: '×', title: t('drawing.close'), testId: 'drawing-close', attrs: { type: 'button', 'aria-label': t('drawing.close') } });
    close.addEventListener('click', () => {
      api.close();
      deps.onClose?.();
    });
    replaceChildren(root, [
      el('header', { className: 'panel-header' }, [
        el('div', {}, [el('div', { className: 'panel-kicker', text: t('drawing.title') }), el('h2', { className: 'drawing-heading', testId: 'drawing-heading', text: content && !status ? content.title(lang) : '' })]),
        el('div', { className: 'panel-actions' }, [close]),
      ]),
      // the tools in a row of their own that wraps (the right column is narrow)
      el('div', { className: 'drawing-tools', testId: 'drawing-tools' }, [line, download, png, print]),
      el('div', { className: 'drawing-body' }, body),
    ]);
  };

  let printRoot: HTMLElement | null = null;
  const afterPrint = (): void => {
    document.body.classList.remove('printing-drawing');
    printRoot?.remove();
    printRoot = null;
  };
  window.addEventListener('afterprint', afterPrint);
  const offLang = store.watch((s) => s.lang, () => render());

  const api: DrawingPanel = {
    root,
    get url() {
      return url;
    },
    svgText() {
      return content && !status ? content.svg(store.get().lang) : null;
    },
    setStatus(key, params) {
      status = key ? { key, params } : null;
      render();
    },
    setNote(key, params) {
      note = key ? { key, params } : null;
      render();
    },
    show(c) {
      content?.hover?.(null);
      revoke();
      content = c;
      status = null;
      render();
    },
    download() {
      if (!url || !content) return;
      const a = el('a', { attrs: { href: url, download: `${content.fileName}.svg` } });
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
    },
    async png(scale = 2) {
      const src = url;
      if (!src) return null;
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(img.naturalWidth * scale);
      canvas.height = Math.round(img.naturalHeight * scale);
      const g = canvas.getContext('2d');
      if (!g) return null;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.drawImage(img, 0, 0, canvas.width, canvas.height);
      return new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    },
    async downloadPng() {
      const name = content?.fileName;
      const blob = await api.png(2);
      if (blob && name) saveBlob(blob, `${name}.png`);
    },
    print() {
      if (!url || !content) return;
      afterPrint();
      const lang = store.get().lang;
      printRoot = el('div', { className: 'drawing-print-root' }, [
        el('h1', { className: 'drawing-print-title', text: content.title(lang) }),
        el('img', { className: 'drawing-print-image', attrs: { src: url, alt: content.title(lang) } }),
      ]);
      printRoot.hidden = true; // shown by the print rule only
      document.body.appendChild(printRoot);
      document.body.classList.add('printing-drawing');
      window.print();
    },
    close() {
      content?.hover?.(null);
      revoke();
      content = null;
      status = null;
      note = null;
      render();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      offLang();
      window.removeEventListener('afterprint', afterPrint);
      afterPrint();
      content?.hover?.(null);
      revoke();
      root.remove();
    },
  };
  return api;
}
