/**
 * The one OverlayLayer implementation: a named group of primitives/collections added to the scene, shown and hidden
 * together, with an optional label refresher.
 */
import {
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  LabelCollection,
  LabelStyle,
  VerticalOrigin,
  type PrimitiveCollection,
} from '@cesium/engine';
import { LABEL_FONT_FAMILY, LABEL_STYLE, type RGBA } from './theme';
import type { OverlayLayer, OverlayName } from './types';

export interface Showable {
  show: boolean;
  /** collections with texture atlases (labels) say when everything in them can draw */
  readonly ready?: boolean;
}

export function color(c: RGBA): Color {
  return Color.fromBytes(c[0], c[1], c[2], Math.round(c[3] * 255));
}

export class GroupLayer implements OverlayLayer {
  private readonly parts: Showable[] = [];

  constructor(
    readonly name: OverlayName,
    private readonly collection: PrimitiveCollection,
    private readonly relabel: () => void = () => undefined,
  ) {}

  add<T extends Showable>(part: T | null): T | null {
    if (part) {
      this.collection.add(part);
      this.parts.push(part);
    }
    return part;
  }

  setVisible(visible: boolean): void {
    for (const p of this.parts) p.show = visible;
  }

  refreshLabels(): void {
    this.relabel();
  }

  ready(): boolean {
    return this.parts.every((p) => p.ready !== false);
  }

  destroy(): void {
    for (const p of this.parts) this.collection.remove(p);
    this.parts.length = 0;
  }
}

export type LabelKind = keyof typeof LABEL_STYLE;

/** A label collection whose labels keep a function giving their text in the current language. */
export class Labels {
  readonly collection = new LabelCollection();
  private readonly texts: { label: { text: string }; text: () => string }[] = [];

  add(lon: number, lat: number, height: number, kind: LabelKind, text: () => string): void {
    const s = LABEL_STYLE[kind];
    const label = this.collection.add({
      position: Cartesian3.fromDegrees(lon, lat, height),
      text: text(),
      font: `${s.weight} ${s.size}px ${LABEL_FONT_FAMILY}`,
      fillColor: color(s.color),
      outlineColor: Color.fromBytes(5, 8, 14, 230),
      outlineWidth: 3,
      style: LabelStyle.FILL_AND_OUTLINE,
      verticalOrigin: VerticalOrigin.BOTTOM,
      pixelOffset: new Cartesian2(0, -4),
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
      distanceDisplayCondition: new DistanceDisplayCondition(0, s.maxDistance),
    });
    this.texts.push({ label, text });
  }

  refresh(): void {
    for (const t of this.texts) t.label.text = t.text();
  }
}
