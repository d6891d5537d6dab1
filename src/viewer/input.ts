/**
 * The map's input, in one place: one ScreenSpaceEventHandler on the canvas turns Cesium's screen-space events into app
 * events (click with the ground point and the picked asset, double-click, move, button down/up), and one window
 * `keydown` listener owns the keyboard, handing each key to its subscribers in priority order until one handles it.
 *
 * The canvas is the map's focusable element (tabindex 0, an aria-label the app sets in the current language). While
 * it has focus, the map keys apply after every subscriber: arrows pan, + and − zoom, Enter or Space "click" the centre
 * of the view (the same pick as a mouse click, so it selects the asset there).
 */
import {
  Cartesian2,
  Cartographic,
  Math as CesiumMath,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  type Scene,
} from '@cesium/engine';
import { panView, zoomView } from './camera';
import { pickAsset, type PickedAsset } from './picking';

/** A point on the ground (globe, or the ellipsoid where the globe has no tile): degrees and metres. */
export interface GroundPoint {
  lon: number;
  lat: number;
  height: number;
}

/** A pointer position on the canvas (CSS pixels); the ground under it is computed on first use. */
export interface CanvasPointer {
  x: number;
  y: number;
  ground(): GroundPoint | null;
}

export interface CanvasClick extends CanvasPointer {
  /** the asset a click here selects (a drill pick through overlays), computed on first use */
  asset(): PickedAsset | null;
  /** from the keyboard: Enter or Space on the focused map, at the centre of the view */
  keyboard: boolean;
}

export interface CanvasInputEvents {
  click: CanvasClick;
  doubleClick: CanvasPointer;
  move: CanvasPointer;
  /** left button down / up (dragging a vertex handle) */
  down: CanvasPointer;
  up: CanvasPointer;
}

export interface KeyInput {
  key: string;
  /** typed into a text field, a select or an editable element: text, not a command */
  inField: boolean;
  /** the map (the canvas) has the focus */
  onMap: boolean;
  /** Ctrl, Alt or Meta held (browser shortcuts: left alone) */
  modified: boolean;
  preventDefault(): void;
}

/** Returns true when it handled the key: subscribers with a lower priority (and the map keys) do not see it. */
export type KeyHandler = (key: KeyInput) => boolean;

type Listeners = { [K in keyof CanvasInputEvents]: Set<(e: CanvasInputEvents[K]) => void> };

function lazy<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/** The ground under a canvas position: the globe's surface, else the ellipsoid; null for the sky. */
export function groundAt(scene: Scene, x: number, y: number): GroundPoint | null {
  const pos = new Cartesian2(x, y);
  const ray = scene.camera.getPickRay(pos);
  const hit = (ray && scene.globe.pick(ray, scene)) ?? scene.camera.pickEllipsoid(pos, scene.globe.ellipsoid);
  if (!hit) return null;
  const c = Cartographic.fromCartesian(hit);
  if (!c) return null;
  return { lon: CesiumMath.toDegrees(c.longitude), lat: CesiumMath.toDegrees(c.latitude), height: c.height };
}

function isField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable;
}

const PAN_KEYS: Readonly<Record<string, readonly [number, number]>> = {
  ArrowUp: [1, 0],
  ArrowDown: [-1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

export class CanvasInput {
  private readonly handler: ScreenSpaceEventHandler;
  private readonly listeners: Listeners = { click: new Set(), doubleClick: new Set(), move: new Set(), down: new Set(), up: new Set() };
  private keyHandlers: { priority: number; fn: KeyHandler }[] = [];
  /** the map tools that take the clicks while they draw: each one's "drawing now" test */
  private readonly tools = new Set<() => boolean>();
  private readonly onKeyDown = (e: KeyboardEvent): void => this.dispatchKey(e);
  private destroyed = false;

  constructor(private readonly scene: Scene) {
    const canvas = scene.canvas;
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'application');
    canvas.dataset.testid = 'map';
    // the page's :focus-visible outline, drawn inside the canvas: the widget clips what lies outside it
    canvas.style.outlineOffset = '-3px';
    const h = (this.handler = new ScreenSpaceEventHandler(canvas));
    h.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => this.emitClick(e.position.x, e.position.y, false), ScreenSpaceEventType.LEFT_CLICK);
    h.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => this.emit('doubleClick', this.pointer(e.position)), ScreenSpaceEventType.LEFT_DOUBLE_CLICK);
    h.setInputAction((e: ScreenSpaceEventHandler.MotionEvent) => this.emit('move', this.pointer(e.endPosition)), ScreenSpaceEventType.MOUSE_MOVE);
    h.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => this.emit('down', this.pointer(e.position)), ScreenSpaceEventType.LEFT_DOWN);
    h.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => this.emit('up', this.pointer(e.position)), ScreenSpaceEventType.LEFT_UP);
    window.addEventListener('keydown', this.onKeyDown);
  }

  /** Subscribes to an app event; returns the unsubscribe function. */
  on<K extends keyof CanvasInputEvents>(type: K, fn: (e: CanvasInputEvents[K]) => void): () => void {
    const set = this.listeners[type] as Set<(e: CanvasInputEvents[K]) => void>;
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Subscribes to keys; higher priorities see a key first. Returns the unsubscribe function. */
  onKey(fn: KeyHandler, priority = 0): () => void {
    const entry = { priority, fn };
    this.keyHandlers = [...this.keyHandlers, entry].sort((a, b) => b.priority - a.priority);
    return () => {
      this.keyHandlers = this.keyHandlers.filter((x) => x !== entry);
    };
  }

  /**
   * Registers a map tool that takes the clicks while it draws (the area query, a pit, a section line): `drawing` says
   * whether it does now. Returns the unregister function.
   */
  addTool(drawing: () => boolean): () => void {
    this.tools.add(drawing);
    return () => this.tools.delete(drawing);
  }

  /** Whether a map tool is drawing: a click then places its point, and selection or picking leave it alone. */
  toolActive(): boolean {
    for (const drawing of this.tools) if (drawing()) return true;
    return false;
  }

  /** The map's accessible name (in the current language). */
  setLabel(text: string): void {
    this.scene.canvas.setAttribute('aria-label', text);
  }

  /** The ground under a canvas position (CSS pixels). */
  groundAt(x: number, y: number): GroundPoint | null {
    return groundAt(this.scene, x, y);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    window.removeEventListener('keydown', this.onKeyDown);
    this.handler.destroy();
    for (const set of Object.values(this.listeners) as Set<unknown>[]) set.clear();
    this.keyHandlers = [];
  }

  private pointer(pos: Cartesian2): CanvasPointer {
    const x = pos.x;
    const y = pos.y;
    return { x, y, ground: lazy(() => groundAt(this.scene, x, y)) };
  }

  private emit<K extends keyof CanvasInputEvents>(type: K, e: CanvasInputEvents[K]): void {
    for (const fn of [...(this.listeners[type] as Set<(e: CanvasInputEvents[K]) => void>)]) fn(e);
  }

  private emitClick(x: number, y: number, keyboard: boolean): void {
    const scene = this.scene;
    this.emit('click', {
      x,
      y,
      keyboard,
      ground: lazy(() => groundAt(scene, x, y)),
      asset: lazy(() => pickAsset(scene, x, y)),
    });
  }

  private dispatchKey(e: KeyboardEvent): void {
    if (this.destroyed) return;
    const key: KeyInput = {
      key: e.key,
      inField: isField(e.target),
      onMap: e.target === this.scene.canvas,
      modified: e.ctrlKey || e.altKey || e.metaKey,
      preventDefault: () => e.preventDefault(),
    };
    for (const { fn } of this.keyHandlers) if (fn(key)) return;
    if (key.onMap && !key.modified) this.mapKey(key);
  }

  /** Arrows pan, + and − zoom, Enter and Space click the centre of the view. */
  private mapKey(k: KeyInput): void {
    const scene = this.scene;
    const pan = PAN_KEYS[k.key];
    if (pan) {
      k.preventDefault();
      panView(scene, pan[0], pan[1]);
    } else if (k.key === '+' || k.key === '=') {
      k.preventDefault();
      zoomView(scene, 1);
    } else if (k.key === '-' || k.key === '_') {
      k.preventDefault();
      zoomView(scene, -1);
    } else if (k.key === 'Enter' || k.key === ' ') {
      k.preventDefault();
      this.emitClick(scene.canvas.clientWidth / 2, scene.canvas.clientHeight / 2, true);
    }
  }
}
