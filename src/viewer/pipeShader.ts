/**
 * GLSL of the one CustomShader that styles the pipe tiles (shared/design.md, "Known pitfalls"): everything that
 * changes at run time is a uniform, so restyling never rebuilds a shader.
 *
 * Inputs per vertex: `_GID` (float, asset gid, read as attributes.gid), NORMAL (optional, for the minimum on-screen
 * width) and COLOR_0 (optional, the tiler's category colour). Where a tile lacks `_GID` Cesium disables the fragment
 * part for that primitive and the tiles keep their own COLOR_0 look (graceful fallback, a console warning only).
 *
 * Uniforms:
 *   u_status    R8 texture, one byte per gid at (gid % width, gid / width): the status code (domain/status.ts)
 *   u_category  R8 texture, same layout: category index (CATEGORIES order), 255 = unknown → COLOR_0
 *   u_width     texture width (both textures)
 *   u_count     number of gids the textures cover (gids beyond it read as unknown)
 *   u_mode      0 category colours, 1 status colours (status 0, unmonitored: the category colour dimmed)
 *   u_visible   bit i set = category i shown
 *   u_selected  highlighted gid, -1 for none
 *   u_minPixels minimum on-screen width of a pipe, pixels (needs NORMAL; the selected asset gets a few more)
 *   u_pulse     0…1, the live feed's alarm pulse: assets in alarm (status 3) blend towards the alarm colour
 *               (category mode, 85 %) or white (status mode, 35 %: still a saturated red) by this much; 0 = none
 *
 * Pure string building (no Cesium import) so it can be read and tested on its own.
 */
import { CATEGORIES, type RGB } from '../domain/categories';
import { STATUSES } from '../domain/status';

export const CATEGORY_UNKNOWN = 255;
/** status mode: an unmonitored pipe's category colour is mixed this much towards its grey, then scaled by the dim */
export const UNMONITORED_DESATURATE = 0.3;
export const UNMONITORED_DIM = 0.5;
/** extra on-screen width of the selected asset, pixels */
export const SELECTED_EXTRA_PIXELS = 4;

function vec3(rgb: RGB): string {
  return `vec3(${rgb.map((c) => (c / 255).toFixed(4)).join(', ')})`;
}

/** `vec3 name(int i)` returning the i-th colour, the last one for anything out of range. */
function paletteFunction(name: string, colours: readonly RGB[]): string {
  const lines = colours.slice(0, -1).map((c, i) => `  if (i == ${i}) return ${vec3(c)};`);
  return `vec3 ${name}(int i) {\n${lines.join('\n')}\n  return ${vec3(colours[colours.length - 1])};\n}`;
}

export const PIPE_FRAGMENT_SHADER = `
${paletteFunction('pipeCategoryColour', CATEGORIES.map((c) => c.display))}
${paletteFunction('pipeStatusColour', STATUSES.map((s) => s.color))}

// an unmonitored pipe in status mode: its colour a little desaturated and darkened (hue kept; a dimmed power red stays
// well below the alarm red's brightness)
vec3 pipeDimmed(vec3 c) {
  float luma = dot(c, vec3(0.299, 0.587, 0.114));
  return mix(c, vec3(luma), ${UNMONITORED_DESATURATE.toFixed(2)}) * ${UNMONITORED_DIM.toFixed(2)};
}

int pipeLookup(sampler2D tex, int gid) {
  if (gid < 0 || gid >= u_count) return -1;
  return int(texelFetch(tex, ivec2(gid % u_width, gid / u_width), 0).r * 255.0 + 0.5);
}

void fragmentMain(FragmentInput fsInput, inout czm_modelMaterial material) {
  int gid = int(fsInput.attributes.gid + 0.5);
  int cat = pipeLookup(u_category, gid);
  bool known = cat >= 0 && cat != ${CATEGORY_UNKNOWN};
  if (known && ((u_visible >> cat) & 1) == 0) discard;

  vec3 srgb = known ? pipeCategoryColour(cat) : fsInput.attributes.color_0.rgb;
  if (u_mode == 1) {
    // status mode: a pipe with a status takes its colour; an unmonitored one (unknown) keeps its category colour,
    // dimmed, so the network stays readable and the few monitored stretches and the alarm markers stand out
    int s = pipeLookup(u_status, gid);
    srgb = s > 0 ? pipeStatusColour(s) : pipeDimmed(srgb);
  }
  if (u_pulse > 0.0 && pipeLookup(u_status, gid) == 3) {
    srgb = mix(srgb, u_mode == 1 ? vec3(1.0) : pipeStatusColour(3), u_pulse * (u_mode == 1 ? 0.35 : 0.85));
  }
  bool selected = gid == u_selected;
  if (selected) srgb = mix(srgb, vec3(1.0), 0.8);

  // faceted shading from screen-space derivatives: works without a NORMAL attribute and keeps the hue; lines (the
  // tiler's coarse levels) have no area, their cross product vanishes and they stay unshaded
  vec3 p = fsInput.attributes.positionEC;
  vec3 c = cross(dFdx(p), dFdy(p));
  float len = length(c);
  float shade = (selected || len < 1e-12) ? 1.0 : 0.72 + 0.28 * abs(c.z / len);
  material.diffuse = czm_srgbToLinear(srgb * shade);
  material.alpha = 1.0;
}
`;

export const PIPE_VERTEX_SHADER = `
void vertexMain(VertexInput vsInput, inout czm_modelVertexOutput vsOutput) {
  // Grow the tube along its normals so that it is never thinner than u_minPixels on screen: from far away a 0.3 m
  // pipe is still a visible line, up close the growth is a fraction of a pixel. The selected asset grows a few
  // pixels more, so it stands out at any distance. The offset is computed in eye space (metres) and taken back to
  // model space: quantized tiles (KHR_mesh_quantization) keep positions in integer units scaled by the node matrix.
  vec4 positionEC = czm_modelView * vec4(vsOutput.positionMC, 1.0);
  bool selected = int(vsInput.attributes.gid + 0.5) == u_selected;
  float grow = 0.5 * (u_minPixels + (selected ? ${SELECTED_EXTRA_PIXELS.toFixed(1)} : 0.0)) * czm_metersPerPixel(positionEC);
  vec3 normalEC = normalize(czm_normal * vsInput.attributes.normalMC);
  vsOutput.positionMC += (czm_inverseModelView * vec4(normalEC * grow, 0.0)).xyz;
}
`;
