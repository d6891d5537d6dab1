/**
 * The result-set highlight of the pipe shader (area query): wraps pipeShader.ts's fragment main without editing it.
 * The base `fragmentMain` is renamed and called first; then, while a highlight is on (u_highlightOn = 1), pipes whose
 * byte in the R8 texture u_highlight (same gid layout as u_status) is non-zero keep their colour, brightened, and
 * every other pipe is dimmed toward dark grey. Pure string building (no Cesium import).
 *
 * Uniforms added: u_highlight (sampler2D, R8, 1 = in the set), u_highlightOn (int, 0/1), u_highlightDim (float, how
 * much the pipes outside the set are darkened, linear colour: HIGHLIGHT_DIM for the area query, more for a trace).
 *
 * A network trace writes its classes into the same texture (2 and above, layers/traceTheme.ts): those pipes are drawn
 * in their class's colour (isolated section, outage, traced, valves to close…), the rest dimmed as above.
 */
import { TRACE_CLASS_BASE, TRACE_CLASSES, TRACE_COLOURS } from '../layers/traceTheme';

function traceColourFunction(): string {
  const lines = TRACE_CLASSES.map((c, i) => {
    const [r, g, b] = TRACE_COLOURS[c];
    return `  if (v == ${TRACE_CLASS_BASE + i}) return vec3(${(r / 255).toFixed(4)}, ${(g / 255).toFixed(4)}, ${(b / 255).toFixed(4)});`;
  });
  return `vec3 pipeTraceColour(int v) {\n${lines.join('\n')}\n  return vec3(1.0);\n}`;
}

/** How much the pipes outside the highlighted set are darkened (0 none, 1 black). */
export const HIGHLIGHT_DIM = 0.72;

export function withHighlight(fragmentShader: string): string {
  const renamed = fragmentShader.replace(/void\s+fragmentMain\s*\(/, 'void pipeBaseFragmentMain(');
  if (renamed === fragmentShader) throw new Error('withHighlight: the base shader has no fragmentMain');
  return `${renamed}
${traceColourFunction()}
void fragmentMain(FragmentInput fsInput, inout czm_modelMaterial material) {
  pipeBaseFragmentMain(fsInput, material);
  if (u_highlightOn == 1) {
    int hgid = int(fsInput.attributes.gid + 0.5);
    int hv = pipeLookup(u_highlight, hgid);
    if (hv >= ${TRACE_CLASS_BASE}) {
      // a trace class: its own colour (the selected asset still lightens, as everywhere)
      material.diffuse = czm_srgbToLinear(mix(pipeTraceColour(hv), vec3(1.0), hgid == u_selected ? 0.6 : 0.0));
    } else if (hv > 0) {
      material.diffuse = min(material.diffuse * 1.25 + vec3(0.04), vec3(1.0));
    } else {
      material.diffuse = mix(material.diffuse, vec3(0.02), u_highlightDim);
    }
  }
}
`;
}
