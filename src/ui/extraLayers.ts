/**
 * Extra 3D Tiles layers in the UI (docs/sources.md): their state (shown, opacity, loading/ready/failed) for the layer
 * panel's rows, and the feature last picked on one of them for the inspect panel. No Cesium: the app wires these to
 * viewer/extraTilesets.ts. Names and property texts come from config and data: they reach the page as text.
 */
import { el } from './dom';
import type { I18nKey } from './i18n';

export type ExtraLayerState = 'loading' | 'ready' | 'failed';

export interface ExtraLayerItem {
  name: string;
  visible: boolean;
  /** 0…1 */
  opacity: number;
  state: ExtraLayerState;
}

/** The configured extra layers' UI state. Panel listeners hear every change but opacity (a slider being dragged). */
export class ExtraLayers {
  private list: ExtraLayerItem[] = [];
  private readonly panel = new Set<() => void>();
  private readonly viewer = new Set<(i: number, item: ExtraLayerItem) => void>();

  items(): readonly ExtraLayerItem[] {
    return this.list;
  }

  /** Replaces the list (once the config is read). */
  reset(items: readonly { name: string; show: boolean; opacity: number }[]): void {
    this.list = items.map((l) => ({ name: l.name, visible: l.show, opacity: l.opacity, state: 'loading' }));
    this.emitPanel();
  }

  setVisible(i: number, visible: boolean): void {
    this.update(i, { visible }, true);
  }

  setOpacity(i: number, opacity: number): void {
    this.update(i, { opacity: Math.min(1, Math.max(0, opacity)) }, false);
  }

  setState(i: number, state: ExtraLayerState): void {
    this.update(i, { state }, true);
  }

  /** the layer panel: re-render */
  onPanel(fn: () => void): () => void {
    this.panel.add(fn);
    return () => this.panel.delete(fn);
  }

  /** the viewer: apply visibility and opacity */
  onViewer(fn: (i: number, item: ExtraLayerItem) => void): () => void {
    this.viewer.add(fn);
    return () => this.viewer.delete(fn);
  }

  private update(i: number, patch: Partial<ExtraLayerItem>, panel: boolean): void {
    const cur = this.list[i];
    if (!cur) return;
    const next = { ...cur, ...patch };
    this.list = this.list.map((x, k) => (k === i ? next : x));
    for (const fn of [...this.viewer]) fn(i, next);
    if (panel) this.emitPanel();
  }

  private emitPanel(): void {
    for (const fn of [...this.panel]) fn();
  }
}

/** A feature picked on an extra layer: its layer and metadata properties (values as text). */
export interface PickedFeature {
  layer: string;
  properties: readonly { name: string; value: string }[];
}

/** The feature the inspect panel shows when no asset is selected. */
export class PickedFeatureStore {
  private current: PickedFeature | null = null;
  private readonly listeners = new Set<() => void>();

  get(): PickedFeature | null {
    return this.current;
  }

  set(feature: PickedFeature | null): void {
    if (feature === this.current) return;
    this.current = feature;
    for (const fn of [...this.listeners]) fn();
  }

  clear(): void {
    this.set(null);
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

/** The layer panel's rows for the extra layers: a checkbox, the name, the state, an opacity slider each. */
export function extraLayerRows(layers: ExtraLayers, t: (key: I18nKey, params?: Record<string, string | number>) => string): HTMLElement[] {
  return layers.items().map((item, i) => {
    const box = el('input', { testId: `extra-layer-${i}`, attrs: { type: 'checkbox' } });
    box.checked = item.visible;
    box.disabled = item.state === 'failed';
    box.addEventListener('change', () => layers.setVisible(i, box.checked));
    const slider = el('input', {
      className: 'layer-opacity',
      testId: `extra-layer-opacity-${i}`,
      title: t('layers.opacity'),
      attrs: { type: 'range', min: '0', max: '100', step: '5', 'aria-label': t('layers.opacityOf', { name: item.name }) },
    });
    slider.value = String(Math.round(item.opacity * 100));
    slider.disabled = item.state === 'failed';
    slider.addEventListener('input', () => layers.setOpacity(i, Number(slider.value) / 100));
    return el('div', { className: 'layer-row extra-layer-row', attrs: { 'data-state': item.state } }, [
      el('label', { className: 'layer-label' }, [
        box,
        el('span', { className: 'layer-name', text: item.name }),
        item.state === 'ready' ? null : el('span', { className: 'layer-code', text: t(item.state === 'failed' ? 'layers.extraFailed' : 'layers.extraLoading') }),
      ]),
      slider,
    ]);
  });
}
