import { describe, expect, it } from 'vitest';
import { ExtraLayers, PickedFeatureStore } from '../../../src/ui/extraLayers';

describe('extra 3D Tiles layers in the UI', () => {
  it('the viewer hears visibility and opacity; the panel re-renders for visibility and state, not while a slider moves', () => {
    const layers = new ExtraLayers();
    const viewer: string[] = [];
    let panel = 0;
    layers.onViewer((i, item) => viewer.push(`${i}:${item.visible}:${item.opacity}`));
    layers.onPanel(() => panel++);
    layers.reset([
      { name: 'Buildings', show: true, opacity: 1 },
      { name: 'BIM', show: false, opacity: 0.5 },
    ]);
    expect(panel).toBe(1);
    expect(layers.items().map((l) => [l.name, l.visible, l.opacity, l.state])).toEqual([
      ['Buildings', true, 1, 'loading'],
      ['BIM', false, 0.5, 'loading'],
    ]);
    layers.setOpacity(0, 0.4);
    layers.setOpacity(0, 7); // clamped
    expect(panel).toBe(1);
    layers.setVisible(1, true);
    layers.setState(1, 'failed');
    expect(panel).toBe(3);
    expect(viewer).toEqual(['0:true:0.4', '0:true:1', '1:true:0.5', '1:true:0.5']);
    layers.setVisible(5, true); // no such layer: nothing
    expect(panel).toBe(3);
  });

  it('the picked feature store tells its listeners once per change', () => {
    const picked = new PickedFeatureStore();
    let n = 0;
    const off = picked.subscribe(() => n++);
    const f = { layer: 'Buildings', properties: [{ name: 'name', value: 'Tower A' }] };
    picked.set(f);
    picked.set(f);
    picked.clear();
    picked.clear();
    off();
    picked.set(f);
    expect(n).toBe(2);
    expect(picked.get()).toBe(f);
  });
});
