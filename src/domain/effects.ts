/**
 * Screen effects (panel shadows, the blur behind panels, the map's multisampled edges) and whether to draw them. Over a
 * 3D map that redraws, the browser composites each blurred or shadowed panel again on every frame; on a real GPU that is
 * free, but under software GL (SwiftShader, llvmpipe: remote desktops, virtual machines, intranet PCs without a GPU
 * driver) it cost more than the map itself — measured here at 960×600: 279 ms a frame with them, 119 ms without (tmp
 * script, 10 forced frames); 4× multisampling cost a further third of each frame (MapView.setMultisampling).
 * `auto` (the default) turns them off only when the browser renders WebGL in software.
 */
export type EffectsSetting = 'auto' | 'full' | 'lite';
export const EFFECTS_SETTINGS: readonly EffectsSetting[] = ['auto', 'full', 'lite'];

/** Renderer names of software rasterisers, as WebGL reports them (ANGLE wraps them: "ANGLE (…, SwiftShader Device …)"). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

export function isSoftwareRenderer(rendererName: string): boolean {
  return SOFTWARE_RENDERER.test(rendererName);
}

/** What the page draws: `lite` without panel shadows, backdrop blur and multisampling. */
export function effectsFor(setting: EffectsSetting, rendererName: string): 'full' | 'lite' {
  if (setting !== 'auto') return setting;
  return isSoftwareRenderer(rendererName) ? 'lite' : 'full';
}
