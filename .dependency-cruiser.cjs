/**
 * The layer rules of ../shared/design.md ("Layers: dependencies point down only"), checked by dependency-cruiser in
 * `npm run lint` (part of `npm test`). Type-only imports count: a layer that names another layer's types depends on it.
 * The pure layers' globals (no DOM, no Node) are checked by the TypeScript settings in tsconfig.pure.json instead.
 *
 * Run: npx depcruise src tools bench tests   (the folders the lint script passes)
 */
const CESIUM = '^node_modules/(@cesium/|cesium/)';
const PURE = '^src/(domain|analysis|feed)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'cesium-only-in-viewer-and-layers',
      comment: 'Only src/viewer and src/layers touch Cesium (main.ts may load the widget stylesheet, see below).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(viewer|layers)/|^src/main\\.ts$' },
      to: { path: CESIUM },
    },
    {
      name: 'main-takes-only-the-cesium-stylesheet',
      comment: 'main.ts may import the Cesium widget stylesheet and nothing else from Cesium.',
      severity: 'error',
      from: { path: '^src/main\\.ts$' },
      to: { path: CESIUM, pathNot: '\\.css$' },
    },
    {
      name: 'three-only-in-the-chamber-scene',
      comment: 'three.js (~136 KB gzipped) lives in src/viewer/chamberScene.ts alone, which the app loads by a dynamic import().',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/viewer/chamberScene\\.ts$' },
      to: { path: '^node_modules/three/' },
    },
    {
      name: 'chamber-scene-loaded-lazily',
      comment: 'Nothing imports the chamber scene statically (types aside): three must stay out of the main bundle.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/viewer/chamberScene\\.ts$', dependencyTypesNot: ['type-only', 'dynamic-import'] },
    },
    {
      name: 'ui-reaches-no-cesium',
      comment: 'src/ui knows everything above it but Cesium: no import, type or value, that leads to Cesium.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: CESIUM, reachable: true },
    },
    {
      name: 'ui-takes-no-viewer-values',
      comment: 'src/ui does not call into src/viewer; the app wires the two together.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/viewer/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-layers-no-node',
      comment: 'domain, analysis and feed run in Node, a Worker and a server: no Node module.',
      severity: 'error',
      from: { path: PURE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-code-no-node',
      comment: 'Code in src/ runs in the browser (or anywhere, for the pure layers): no Node module.',
      severity: 'error',
      from: { path: '^src/', pathNot: `${PURE}|^src/server/` },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-knows-only-domain',
      comment: 'src/domain knows nothing but TypeScript (and its data files).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'analysis-knows-domain-only',
      comment: 'src/analysis builds on src/domain only (plus Turf, proj4, an index).',
      severity: 'error',
      from: { path: '^src/analysis/' },
      to: { path: '^src/', pathNot: '^src/(domain|analysis)/' },
    },
    {
      name: 'feed-knows-domain-only',
      comment: 'src/feed builds on src/domain only.',
      severity: 'error',
      from: { path: '^src/feed/' },
      to: { path: '^src/', pathNot: '^src/(domain|feed)/' },
    },
    {
      name: 'viewer-knows-no-ui',
      comment: 'src/viewer and src/layers never import UI widgets or the app.',
      severity: 'error',
      from: { path: '^src/(viewer|layers)/' },
      to: { path: '^src/(ui|app)/' },
    },
    {
      name: 'only-main-imports-app',
      comment: 'src/app is boot and wiring: nothing imports it but src/main.ts (tests may test it and name its hook types).',
      severity: 'error',
      from: { pathNot: '^src/main\\.ts$|^src/app/|^tests/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'src-imports-no-tools-bench-tests',
      comment: 'tools/ and bench/ may import src/, never the reverse; nor does src/ import tests/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tools|bench|tests)/' },
    },
    {
      name: 'bench-imports-no-tests',
      comment: 'Benchmarks do not import the test harness (the browser launcher lives in tools/browser/).',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^tests/' },
    },
    {
      name: 'tools-import-no-tests',
      comment: 'Tools do not import tests.',
      severity: 'error',
      from: { path: '^tools/' },
      to: { path: '^tests/' },
    },
    {
      name: 'server-builds-on-pure-layers',
      comment: 'server/ may import src/domain, src/analysis, src/feed, tools/feed and tools/cli.ts (never browser code, tests or bench).',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(src|tools|tests|bench)/', pathNot: '^src/(domain|analysis|feed)/|^tools/feed/|^tools/cli\\.ts$' },
    },
    {
      name: 'nothing-imports-the-server-but-tests-and-bench',
      comment: 'src/ and tools/ never import server/ (tests and benchmarks start it).',
      severity: 'error',
      from: { path: '^(src|tools)/' },
      to: { path: '^server/' },
    },
    {
      name: 'node-code-takes-no-browser-code',
      comment: 'tools/ and a server build on domain, analysis and feed, never on browser code.',
      severity: 'error',
      from: { path: '^(tools|server|src/server)/' },
      to: { path: '^src/(viewer|layers|ui|app)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts: a layer that names another layer's types depends on it
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
