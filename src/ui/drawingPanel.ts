/**
 * The drawing panel: one engineering drawing (a cross-section or a long profile, an SVG string made by
 * src/analysis/drawings through the app) shown as an <img> of a blob URL — never parsed into the page — with
 * "Download SVG" and "Print". The drawing is made again in the current language when the language changes. Print copies
 * the image into a root of its own under <body> and marks the body (`printing-drawing`): styles/drawing.css then shows
 * that root alone. Every blob URL is revoked when it is replaced and at dispose. No Cesium, no analysis here.
 */
import { el, replaceChildren } from './dom';
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
}

export interface DrawingPanel {
  readonly root: HTMLElement;
  /** the blob URL of the drawing shown, null when none */
  readonly url: string | null;
  /** "working…" or an error in words instead of the drawing (null: back to the drawing) */
  setStatus(key: I18nKey | null, params?: Params): void;
  /** shows a drawing (replaces the one shown) */
  show(content: DrawingContent): void;
  download(): void;
  print(): void;
  /** hides the panel and drops the drawing */
  close(): void;
  dispose(): void;
}

export function mountDrawingPanel(parent: HTMLElement, store: AppStore, deps: { onClose?(): void } = {}): DrawingPanel {
  const root = el('section', { className: 'panel drawing-panel', testId: 'drawing-panel' });
  root.hidden = true;
  parent.appendChild(root);
  let content: DrawingContent | null = null;
  let status: { key: I18nKey; params?: Params } | null = null;
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
    if (!content && !status) {
      root.hidden = true;
      return;
    }
    root.hidden = false;
    const body: Node[] = [];
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
      if (url) body.push(el('a', { className: 'drawing-open', title: t('drawing.openTitle'), attrs: { href: url, target: '_blank', rel: 'noopener' } }, [el('img', { className: 'drawing-image', testId: 'drawing-image', attrs: { src: url, alt: content.title(lang) } })]));
    }
    const download = el('button', { text: t('drawing.download'), title: t('drawing.downloadTitle'), testId: 'drawing-download', attrs: { type: 'button' } });
    download.addEventListener('click', () => api.download());
    const print = el('button', { text: t('drawing.print'), title: t('drawing.printTitle'), testId: 'drawing-print', attrs: { type: 'button' } });
    print.addEventListener('click', () => api.print());
    download.disabled = print.disabled = url === null || status !== null;
    const close = el('button', { className: 'icon-button', text: '×', title: t('drawing.close'), testId: 'drawing-close', attrs: { type: 'button', 'aria-label': t('drawing.close') } });
    close.addEventListener('click', () => {
      api.close();
      deps.onClose?.();
    });
    replaceChildren(root, [
      el('header', { className: 'panel-header' }, [
        el('div', {}, [el('div', { className: 'panel-kicker', text: t('drawing.title') }), el('h2', { className: 'drawing-heading', testId: 'drawing-heading', text: content && !status ? content.title(lang) : '' })]),
        el('div', { className: 'panel-actions' }, [el('div', { className: 'segmented' }, [download, print]), close]),
      ]),
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
    setStatus(key, params) {
      status = key ? { key, params } : null;
      render();
    },
    show(c) {
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
      revoke();
      content = null;
      status = null;
      render();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      offLang();
      window.removeEventListener('afterprint', afterPrint);
      afterPrint();
      revoke();
      root.remove();
    },
  };
  return api;
}
