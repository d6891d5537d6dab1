/**
 * `?debug`: a small always-on overlay with the figures that tell a day-long screen is healthy — frames drawn per second,
 * JS heap in use (Chromium's performance.memory), DOM nodes, event listeners registered on the page (counted from
 * when the overlay started, by wrapping EventTarget's add/removeEventListener; an approximation: a listener added
 * twice counts twice) and the pipe tiles' memory. Refreshed once a second; text only.
 */
import { el } from './dom';
import { translate } from './i18n';
import type { AppStore } from './state';

export interface DebugSources {
  /** frames the map has drawn so far */
  frames(): number;
  /** bytes of the pipe tiles in memory, null when there is no tileset */
  tileBytes(): number | null;
}

export interface DebugFigures {
  fps: number;
  heapBytes: number | null;
  nodes: number;
  listeners: number;
  tileBytes: number | null;
}

let listenerCount = 0;
let counting = false;

/** Starts counting listeners (once per page; the wrapper stays, it only counts). */
function countListeners(): void {
  if (counting) return;
  counting = true;
  const proto = EventTarget.prototype;
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  proto.addEventListener = function (this: EventTarget, ...args: Parameters<EventTarget['addEventListener']>) {
    if (args[1]) listenerCount++;
    return add.apply(this, args);
  };
  proto.removeEventListener = function (this: EventTarget, ...args: Parameters<EventTarget['removeEventListener']>) {
    if (args[1]) listenerCount = Math.max(0, listenerCount - 1);
    return remove.apply(this, args);
  };
}

/** listeners registered and not removed since the overlay started (0 when it never did) */
export function listenersNow(): number {
  return listenerCount;
}

function heapBytes(): number | null {
  const m = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return m ? m.usedJSHeapSize : null;
}

const mb = (b: number | null): string => (b === null ? '—' : `${(b / 1048576).toFixed(1)} MB`);

export function mountDebugOverlay(parent: HTMLElement, store: AppStore, sources: DebugSources): { read(): DebugFigures; dispose(): void } {
  countListeners();
  const box = el('div', { className: 'debug-overlay', testId: 'debug-overlay', attrs: { 'aria-hidden': 'true' } });
  parent.appendChild(box);
  let lastFrames = sources.frames();
  let lastAt = performance.now();
  let fps = 0;
  const read = (): DebugFigures => ({ fps, heapBytes: heapBytes(), nodes: document.getElementsByTagName('*').length, listeners: listenerCount, tileBytes: sources.tileBytes() });
  const tick = (): void => {
    const now = performance.now();
    const frames = sources.frames();
    fps = ((frames - lastFrames) * 1000) / Math.max(1, now - lastAt);
    lastFrames = frames;
    lastAt = now;
    const f = read();
    const lang = store.get().lang;
    box.textContent = [
      `${translate(lang, 'debug.fps')} ${f.fps.toFixed(1)}`,
      `${translate(lang, 'debug.heap')} ${mb(f.heapBytes)}`,
      `${translate(lang, 'debug.nodes')} ${f.nodes}`,
      `${translate(lang, 'debug.listeners')} ${f.listeners}`,
      `${translate(lang, 'debug.tiles')} ${mb(f.tileBytes)}`,
    ].join('\n');
  };
  tick();
  const timer = setInterval(tick, 1000);
  return {
    read,
    dispose() {
      clearInterval(timer);
      box.remove();
    },
  };
}
