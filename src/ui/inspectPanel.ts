/**
 * The inspect panel: the selected asset's attributes in human words (format.ts), in the current language. Hidden when
 * nothing is selected. Every value from data is inserted with textContent.
 */
import type { AssetRecord } from '../domain/schema';
import { statusDef } from '../domain/status';
import { el, replaceChildren } from './dom';
import { describeAsset, type NameLookup } from './format';
import { translate, type Lang } from './i18n';
import type { AppState, AppStore, Selection } from './state';
import type { PickedFeature, PickedFeatureStore } from './extraLayers';

export interface InspectSource {
  /** the record of a selection, null when the data has none */
  load(selection: Selection): Promise<AssetRecord | null>;
  /** status code of a gid, when statuses are known */
  statusOf?(gid: number): number | null;
  /** frames the selected asset */
  flyTo?(selection: Selection): void;
  /** names of things records refer to by id */
  names?: NameLookup;
  /** the feature picked on an extra 3D Tiles layer: shown when no asset is selected (ui/extraLayers.ts) */
  feature?: PickedFeatureStore;
  /** buttons under the attributes for this record (e.g. the network trace's "Isolate", "Upstream") */
  actions?(record: AssetRecord, lang: Lang): InspectAction[];
}

/** A button the inspect panel shows for a record; its texts are already in the current language. */
export interface InspectAction {
  label: string;
  title: string;
  testId: string;
  run(): void;
}

type View = { kind: 'loading' } | { kind: 'missing' } | { kind: 'record'; record: AssetRecord };

/** Mounts the panel; returns its dispose function (stops rendering, removes the panel). */
export function mountInspectPanel(parent: HTMLElement, store: AppStore, source: InspectSource): () => void {
  const root = el('section', { className: 'panel inspect-panel', testId: 'inspect-panel' });
  root.hidden = true;
  parent.appendChild(root);
  let view: View = { kind: 'loading' };
  let token = 0;

  /** An extra layer's feature: its layer as the heading, its metadata properties as the list (all as text). */
  const renderFeature = (s: AppState, f: PickedFeature): void => {
    const close = el('button', { className: 'icon-button', text: '×', title: translate(s.lang, 'inspect.close'), testId: 'inspect-close', attrs: { type: 'button', 'aria-label': translate(s.lang, 'inspect.close') } });
    close.addEventListener('click', () => source.feature?.clear());
    const title = f.properties.find((p) => /^(name|名称)$/i.test(p.name))?.value ?? f.layer;
    replaceChildren(root, [
      el('header', { className: 'panel-header' }, [
        el('div', {}, [el('div', { className: 'panel-kicker', text: `${translate(s.lang, 'inspect.feature')} · ${f.layer}` }), el('h2', { className: 'asset-id', text: title })]),
        el('div', { className: 'panel-actions' }, [close]),
      ]),
      f.properties.length
        ? el('dl', { className: 'attr-list', testId: 'inspect-feature' }, f.properties.flatMap((p) => [el('dt', { text: p.name }), el('dd', { text: p.value })]))
        : el('p', { className: 'muted', text: translate(s.lang, 'inspect.noProperties') }),
    ]);
  };

  const render = (s: AppState): void => {
    const sel = s.selection;
    const feature = source.feature?.get() ?? null;
    root.hidden = sel === null && feature === null;
    if (!sel) {
      if (feature) renderFeature(s, feature);
      return;
    }
    const t = (k: Parameters<typeof translate>[1]): string => translate(s.lang, k);
    const close = el('button', { className: 'icon-button', text: '×', title: t('inspect.close'), testId: 'inspect-close', attrs: { type: 'button', 'aria-label': t('inspect.close') } });
    close.addEventListener('click', () => store.set({ selection: null }));
    const flyTo = source.flyTo;
    const zoom = flyTo
      ? el('button', { className: 'icon-button zoom-button', text: '◎', title: t('inspect.flyTo'), testId: 'inspect-fly-to', attrs: { type: 'button', 'aria-label': t('inspect.flyTo') } })
      : null;
    zoom?.addEventListener('click', () => flyTo?.(sel));
    const body: Node[] = [];
    let heading = t('inspect.title');
    let id = sel.id ?? '';
    if (view.kind === 'loading') body.push(el('p', { className: 'muted', text: t('inspect.loading') }));
    if (view.kind === 'missing') body.push(el('p', { className: 'muted', text: t('inspect.notFound') }));
    if (view.kind === 'record') {
      const d = describeAsset(view.record, s.lang, source.names);
      heading = d.kind;
      id = d.id;
      const status = sel.gid !== null ? source.statusOf?.(sel.gid) : null;
      const rows = d.rows.slice();
      if (status !== null && status !== undefined && status > 0) {
        rows.splice(1, 0, { label: t('field.status'), value: t(`status.${statusDef(status).key}`) });
      }
      body.push(
        el(
          'dl',
          { className: 'attr-list' },
          rows.flatMap((r) => [el('dt', { text: r.label }), el('dd', { text: r.value })]),
        ),
      );
      const actions = source.actions?.(view.record, s.lang) ?? [];
      if (actions.length > 0) {
        body.push(
          el(
            'div',
            { className: 'inspect-actions segmented' },
            actions.map((a) => {
              const b = el('button', { className: 'seg', text: a.label, title: a.title, testId: a.testId, attrs: { type: 'button' } });
              b.addEventListener('click', () => a.run());
              return b;
            }),
          ),
        );
      }
    }
    replaceChildren(root, [
      el('header', { className: 'panel-header' }, [
        el('div', {}, [el('div', { className: 'panel-kicker', text: heading }), el('h2', { className: 'asset-id', text: id })]),
        el('div', { className: 'panel-actions' }, [zoom, close]),
      ]),
      ...body,
    ]);
  };

  const offSelection = store.watch(
    (s) => s.selection,
    (sel) => {
      const my = ++token;
      view = { kind: 'loading' };
      render(store.get());
      if (!sel) return;
      source
        .load(sel)
        .then((record) => {
          if (my !== token) return;
          view = record ? { kind: 'record', record } : { kind: 'missing' };
          render(store.get());
        })
        .catch(() => {
          if (my !== token) return;
          view = { kind: 'missing' };
          render(store.get());
        });
    },
  );
  const offLang = store.watch((s) => s.lang, () => render(store.get()));
  const offFeature = source.feature?.subscribe(() => render(store.get()));
  return () => {
    ++token; // a record still loading is dropped
    offSelection();
    offLang();
    offFeature?.();
    root.remove();
  };
}
