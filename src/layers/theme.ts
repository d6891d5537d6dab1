/** Colours and sizes of the overlays on the dark operations-centre theme (sRGB 0-255, alpha 0-1). */
export type RGBA = readonly [number, number, number, number];

export const WATER: RGBA = [40, 110, 200, 0.55];
export const STREET: Record<'arterial' | 'secondary' | 'local' | 'bridge', { color: RGBA; width: number }> = {
  arterial: { color: [205, 215, 230, 0.6], width: 2 },
  secondary: { color: [190, 200, 215, 0.45], width: 1.5 },
  local: { color: [170, 180, 195, 0.35], width: 1 },
  bridge: { color: [240, 225, 185, 0.95], width: 3.5 },
};
/** bridges sit this far above the water surface so they draw over it */
export const BRIDGE_HEIGHT = 1.5;
export const SECTION_LINE: { color: RGBA; width: number } = { color: [130, 240, 255, 0.95], width: 3 };
export const PROJECT: Record<'planned' | 'underway' | 'completed', RGBA> = {
  planned: [255, 205, 90, 0.22],
  underway: [255, 150, 60, 0.3],
  completed: [90, 220, 160, 0.25],
};
export const OUTFALL: Record<string, RGBA> & { default: RGBA } = {
  YS: [100, 180, 255, 1],
  WS: [235, 150, 70, 1],
  HS: [205, 130, 230, 1],
  default: [220, 220, 220, 1],
};
export const LABEL_FONT_FAMILY = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
/** `maxDistance`: the label shows only while the camera is nearer than this (metres), so the city view stays legible. */
export const LABEL_STYLE: Record<
  'district' | 'landmark' | 'bridge' | 'river' | 'section',
  { size: number; weight: number; color: RGBA; maxDistance: number }
> = {
  district: { size: 17, weight: 700, color: [215, 225, 245, 0.95], maxDistance: 60_000 },
  river: { size: 15, weight: 600, color: [140, 195, 255, 0.95], maxDistance: 60_000 },
  landmark: { size: 13, weight: 500, color: [245, 245, 245, 0.95], maxDistance: 6_000 },
  bridge: { size: 12, weight: 500, color: [240, 225, 185, 0.95], maxDistance: 5_000 },
  section: { size: 12, weight: 600, color: [130, 240, 255, 1], maxDistance: 60_000 },
};
