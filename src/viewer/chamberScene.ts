/**
 * The chamber close-up in three.js: the one module of the app that imports three (.dependency-cruiser.cjs), loaded
 * only by a dynamic import() when the chamber panel opens, so three never enters the main bundle.
 *
 * Draws a ChamberModel (src/analysis/chamber/geometry.ts: x east, y north, z up, 0 = ground) in three's frame
 * (x east, y up, z south): walls, base slab, roof slab with the cover opening, the cover, the steps, the pipes as
 * hollow tubes in their CJJ 61 colours, a translucent ground. HTML labels (made by the panel, text only) follow their
 * anchors through CSS2DRenderer. The cut is a vertical clipping plane through the chamber's axis that always removes
 * the half facing the camera, so wall thickness and pipe bores show from any side. Renders on demand (orbit changes,
 * resize, cut), never in a loop. dispose() frees geometries, materials, the renderer and its WebGL context.
 */
import {
  AmbientLight,
  Color,
  DirectionalLight,
  DoubleSide,
  ExtrudeGeometry,
  HemisphereLight,
  Matrix4,
  Mesh,
  MeshLambertMaterial,
  Path,
  PerspectiveCamera,
  Plane,
  Scene,
  Shape,
  Vector3,
  WebGLRenderer,
  type BufferGeometry,
  type Material,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { CSS2DObject, CSS2DRenderer } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import type { ChamberModel, ChamberShell, PipeEntry } from '../analysis/chamber/geometry';
import { CHAMBER_BUILD } from '../analysis/chamber/geometry';

/** A label element (built by the panel, text only) and where it hangs: [east, north, up] metres. */
export interface ChamberSceneLabel {
  el: HTMLElement;
  at: readonly [number, number, number];
}

export interface ChamberScene {
  setCut(on: boolean): void;
  /** renders one frame now (e.g. after the panel changed a label's text) */
  render(): void;
  dispose(): void;
}

const COLORS = {
  background: 0xdfe5ea,
  wall: 0xa7a29a,
  slab: 0x8f8a82,
  cover: 0x3b3f44,
  step: 0x5a6068,
  ground: 0x7c8f5e,
} as const;

/** three's frame from the model's: (east, north, up) → (x, y, z) = (east, up, −north) */
const v3 = (e: number, n: number, up: number): Vector3 => new Vector3(e, up, -n);

/** A plan outline (shape coordinates x = east, y = north) of the shell grown by `grow`. */
function outline(shell: ChamberShell, grow: number, into: Shape | Path): Shape | Path {
  const hx = shell.hx + grow;
  const hy = shell.hy + grow;
  if (shell.shape === 'round') into.absarc(0, 0, hx, 0, Math.PI * 2, false);
  else {
    into.moveTo(-hx, -hy);
    into.lineTo(hx, -hy);
    into.lineTo(hx, hy);
    into.lineTo(-hx, hy);
    into.lineTo(-hx, -hy);
  }
  return into;
}

/** A plan shape extruded upwards from `bottom` by `height` (model heights). */
function slab(shape: Shape, bottom: number, height: number): BufferGeometry {
  const g = new ExtrudeGeometry(shape, { depth: height, bevelEnabled: false, curveSegments: 48 });
  // extrusion runs along +z in shape space; (x, y, z) → (x, z, −y) puts it upright in three's frame
  g.rotateX(-Math.PI / 2);
  g.translate(0, bottom, 0);
  return g;
}

/** A hollow pipe stub: an annulus (or box ring) extruded along the pipe from the wall face (or the fitting's). */
function pipeGeometry(p: PipeEntry): BufferGeometry {
  const shape = new Shape();
  const hole = new Path();
  if (p.round) {
    shape.absarc(0, 0, p.width / 2, 0, Math.PI * 2, false);
    if (p.boreWidth > 0) hole.absarc(0, 0, p.boreWidth / 2, 0, Math.PI * 2, true);
  } else {
    const w = p.width / 2;
    const h = p.height / 2;
    shape.moveTo(-w, -h).lineTo(w, -h).lineTo(w, h).lineTo(-w, h).lineTo(-w, -h);
    const bw = p.boreWidth / 2;
    const bh = p.boreHeight / 2;
    if (bw > 0 && bh > 0) hole.moveTo(-bw, -bh).lineTo(-bw, bh).lineTo(bw, bh).lineTo(bw, -bh).lineTo(-bw, -bh);
  }
  if (p.boreWidth > 0) shape.holes.push(hole);
  const g = new ExtrudeGeometry(shape, { depth: p.length, bevelEnabled: false, curveSegments: 32 });
  // local z → along the pipe (away from the node), local y → up, local x → their cross product
  const along = v3(p.dir[0], p.dir[1], 0).normalize();
  const up = new Vector3(0, 1, 0);
  const across = new Vector3().crossVectors(up, along).normalize();
  const basis = new Matrix4().makeBasis(across, up, along);
  basis.setPosition(v3(p.from[0], p.from[1], p.centre));
  g.applyMatrix4(basis);
  return g;
}

/**
 * Builds the scene in `host` (sized by its CSS box; follows it with a ResizeObserver). Throws when WebGL is not
 * available.
 */
export function createChamberScene(host: HTMLElement, model: ChamberModel, labels: readonly ChamberSceneLabel[]): ChamberScene {
  const width = (): number => Math.max(1, host.clientWidth);
  const height = (): number => Math.max(1, host.clientHeight);
  const renderer = new WebGLRenderer({ antialias: true });
  renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
  renderer.setSize(width(), height());
  renderer.localClippingEnabled = true;
  renderer.domElement.className = 'chamber-canvas';
  host.appendChild(renderer.domElement);
  const labelRenderer = new CSS2DRenderer();
  labelRenderer.setSize(width(), height());
  labelRenderer.domElement.className = 'chamber-labels';
  host.appendChild(labelRenderer.domElement);

  const scene = new Scene();
  scene.background = new Color(COLORS.background);
  scene.add(new HemisphereLight(0xffffff, 0x665544, 1.6));
  scene.add(new AmbientLight(0xffffff, 0.4));
  const sun = new DirectionalLight(0xffffff, 1.6);
  sun.position.set(3, 6, 4);
  scene.add(sun);

  const cut = new Plane(new Vector3(1, 0, 0), 0);
  const materials: Material[] = [];
  const geometries: BufferGeometry[] = [];
  const material = (color: number, opts: { opacity?: number; clip?: boolean } = {}): MeshLambertMaterial => {
    const m = new MeshLambertMaterial({ color, side: DoubleSide });
    if (opts.opacity !== undefined) {
      m.transparent = true;
      m.opacity = opts.opacity;
      m.depthWrite = false;
    }
    if (opts.clip !== false) m.userData.clip = true;
    materials.push(m);
    return m;
  };
  const add = (g: BufferGeometry, m: Material): Mesh => {
    geometries.push(g);
    const mesh = new Mesh(g, m);
    scene.add(mesh);
    return mesh;
  };

  const s = model.shell;
  const b = CHAMBER_BUILD;
  // walls: the outer outline with the inner one as a hole, from the floor up to the roof slab
  const wallShape = outline(s, s.wall, new Shape()) as Shape;
  wallShape.holes.push(outline(s, 0, new Path()) as Path);
  add(slab(wallShape, s.floor, -s.roof - s.floor), material(COLORS.wall));
  // base slab under the floor
  add(slab(outline(s, s.wall, new Shape()) as Shape, s.floor - s.base, s.base), material(COLORS.slab));
  // roof slab (cover ring) with the round cover opening
  const roofShape = outline(s, s.wall, new Shape()) as Shape;
  roofShape.holes.push(new Path().absarc(0, 0, s.coverDiameter / 2, 0, Math.PI * 2, true));
  add(slab(roofShape, -s.roof, s.roof), material(COLORS.slab));
  // the cover, flush with the ground
  add(slab(new Shape().absarc(0, 0, s.coverDiameter / 2 - 0.01, 0, Math.PI * 2, false) as Shape, -0.04, 0.04), material(COLORS.cover));
  // steps: treads standing off the inner wall at the steps' bearing
  const sb = (model.stepBearing * Math.PI) / 180;
  const ux = Math.sin(sb);
  const uy = Math.cos(sb);
  const ax = s.shape === 'round' ? s.hx : Math.min(ux !== 0 ? s.hx / Math.abs(ux) : Infinity, uy !== 0 ? s.hy / Math.abs(uy) : Infinity);
  const stepMat = material(COLORS.step);
  for (const step of model.steps) {
    const tread = new Shape();
    const w = b.stepWidth / 2;
    tread.moveTo(-w, 0).lineTo(w, 0).lineTo(w, b.stepDepth).lineTo(-w, b.stepDepth).lineTo(-w, 0);
    const g = new ExtrudeGeometry(tread, { depth: 0.025, bevelEnabled: false });
    // tread plane horizontal, reaching inwards from the wall: local y → towards the centre, local z → up
    const inward = v3(-ux, -uy, 0);
    const up = new Vector3(0, 1, 0);
    const across = new Vector3().crossVectors(inward, up).normalize();
    const m = new Matrix4().makeBasis(across, inward, up);
    m.setPosition(v3(ax * ux, ax * uy, step.z - 0.025));
    g.applyMatrix4(m);
    add(g, stepMat);
  }
  // the valve or meter itself, on the pipe
  if (model.fitting) {
    const f = model.fitting;
    const body = new Shape().moveTo(-f.hx, -f.hy).lineTo(f.hx, -f.hy).lineTo(f.hx, f.hy).lineTo(-f.hx, f.hy).lineTo(-f.hx, -f.hy);
    add(slab(body, f.bottom, f.top - f.bottom), material(COLORS.cover));
  }
  // pipes
  for (const p of model.pipes) add(pipeGeometry(p), material((p.color[0] << 16) | (p.color[1] << 8) | p.color[2]));
  // the ground round the chamber, translucent, with the chamber's outline as a hole
  const groundShape = new Shape();
  const gr = model.reach * 1.1;
  groundShape.moveTo(-gr, -gr).lineTo(gr, -gr).lineTo(gr, gr).lineTo(-gr, gr).lineTo(-gr, -gr);
  groundShape.holes.push(outline(s, s.wall, new Path()) as Path);
  add(slab(groundShape, -0.005, 0.005), material(COLORS.ground, { opacity: 0.14, clip: false }));

  for (const l of labels) {
    const o = new CSS2DObject(l.el);
    o.position.copy(v3(l.at[0], l.at[1], l.at[2]));
    scene.add(o);
  }

  const camera = new PerspectiveCamera(40, width() / height(), 0.05, 500);
  const target = new Vector3(0, s.floor / 2, 0);
  const span = Math.max(model.reach, -s.floor, 2);
  camera.position.copy(target).add(new Vector3(1.5, 0.6, 2.0).multiplyScalar(span * 1.6));
  const controls = new OrbitControls(camera, labelRenderer.domElement);
  controls.target.copy(target);
  controls.maxDistance = span * 8;
  controls.minDistance = 0.5;

  let cutOn = false;
  let disposed = false;
  const render = (): void => {
    if (disposed) return;
    if (cutOn) {
      // keep the half beyond the axis as seen from the camera: normal points away from the camera, horizontally
      const n = new Vector3(target.x - camera.position.x, 0, target.z - camera.position.z);
      if (n.lengthSq() < 1e-12) n.set(1, 0, 0);
      n.normalize();
      cut.set(n, -n.dot(new Vector3(target.x, 0, target.z)));
    }
    renderer.render(scene, camera);
    labelRenderer.render(scene, camera);
  };
  controls.addEventListener('change', render);
  controls.update();

  const resize = new ResizeObserver(() => {
    camera.aspect = width() / height();
    camera.updateProjectionMatrix();
    renderer.setSize(width(), height());
    labelRenderer.setSize(width(), height());
    render();
  });
  resize.observe(host);
  render();

  return {
    setCut(on: boolean): void {
      cutOn = on;
      for (const m of materials) if (m.userData.clip) m.clippingPlanes = on ? [cut] : [];
      for (const m of materials) m.needsUpdate = true;
      render();
    },
    render,
    dispose(): void {
      if (disposed) return;
      disposed = true;
      resize.disconnect();
      controls.removeEventListener('change', render);
      controls.dispose();
      for (const g of geometries) g.dispose();
      for (const m of materials) m.dispose();
      scene.clear();
      renderer.dispose();
      renderer.forceContextLoss();
      renderer.domElement.remove();
      labelRenderer.domElement.remove();
    },
  };
}
