/**
 * The layer rules (.dependency-cruiser.cjs, run by `npm run lint`) fail on a breach: small probe files that break one
 * rule each are planted in the real folders for the length of the test, and the depcruise command must exit non-zero
 * naming each rule and each probe. The same probes with the offending import made legal must pass: the breach, not
 * the probe, is what fails the check. Probes are removed in `finally`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../../tools/prepare-lib';

const tag = `__lint_probe_${process.pid}`;

interface Probe {
  /** repository-relative path of the planted file */
  file: string;
  /** the import that breaks the rule */
  bad: string;
  /** the same file's import made legal */
  good: string;
  /** the rule that must name this file; null for a helper file that breaks nothing */
  rule: string | null;
}

const viewerHelper = `src/viewer/${tag}_helper.ts`;
const PROBES: Probe[] = [
  {
    file: `src/domain/${tag}_cesium.ts`,
    bad: "import type { Scene } from '@cesium/engine';\nexport type X = Scene;",
    good: "import type { RGB } from './categories';\nexport type X = RGB;",
    rule: 'cesium-only-in-viewer-and-layers',
  },
  {
    file: `src/feed/${tag}_node.ts`,
    bad: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;",
    good: "export const x = 1;",
    rule: 'pure-layers-no-node',
  },
  {
    // a viewer module that takes a Cesium type: the UI may not reach it, not even for a type
    file: viewerHelper,
    bad: "import type { Scene } from '@cesium/engine';\nexport type Helper = Scene;",
    good: "import type { Scene } from '@cesium/engine';\nexport type Helper = Scene;",
    rule: null,
  },
  {
    file: `src/ui/${tag}_reach.ts`,
    bad: `import type { Helper } from '../viewer/${tag}_helper';\nexport type X = Helper;`,
    good: "export type X = number;",
    rule: 'ui-reaches-no-cesium',
  },
  {
    file: `src/analysis/${tag}_app.ts`,
    bad: "import { x } from '../app/" + `${tag}_target` + "';\nexport const y = x;",
    good: "import { x } from '../domain/" + `${tag}_cesium` + "';\nexport const y = x;",
    rule: 'only-main-imports-app',
  },
  {
    file: `src/app/${tag}_target.ts`,
    bad: 'export const x = 1;',
    good: 'export const x = 1;',
    rule: null,
  },
  {
    file: `src/domain/${tag}_tools.ts`,
    bad: "import { CHROMIUM_ARGS } from '../../tools/browser/chromium';\nexport const x = CHROMIUM_ARGS;",
    good: 'export const x = 1;',
    rule: 'src-imports-no-tools-bench-tests',
  },
  {
    file: `bench/${tag}_harness.ts`,
    bad: "import { waitForApp } from '../tests/e2e/browser';\nexport const x = waitForApp;",
    good: "import { CHROMIUM_ARGS } from '../tools/browser/chromium';\nexport const x = CHROMIUM_ARGS;",
    rule: 'bench-imports-no-tests',
  },
];

/** The `good` variant of the analysis probe imports a value from the domain probe: give it one. */
const goodDomainExport = '\nexport const x = 1;';

function plant(variant: 'bad' | 'good'): void {
  for (const p of PROBES) {
    const path = join(ROOT, p.file);
    mkdirSync(dirname(path), { recursive: true });
    const extra = variant === 'good' && p.file.endsWith('_cesium.ts') ? goodDomainExport : '';
    writeFileSync(path, `// planted by tests/unit/lint-layers.test.ts, removed when it ends\n${p[variant]}${extra}\n`);
  }
}

function removeProbes(): void {
  for (const p of PROBES) rmSync(join(ROOT, p.file), { force: true });
}

/** Runs the project's depcruise on the probe files (each followed into its imports), as `npm run lint` runs it. */
function depcruise(): { status: number | null; out: string } {
  const r = spawnSync(
    join(ROOT, 'node_modules/.bin/depcruise'),
    ['--config', '.dependency-cruiser.cjs', ...PROBES.map((p) => p.file)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** "error <rule>: <from> → <to>" lines of depcruise's report */
function violations(out: string): { rule: string; from: string }[] {
  return [...out.matchAll(/^\s*error ([\w-]+): (\S+) → /gm)].map((m) => ({ rule: m[1], from: m[2] }));
}

describe('layer rules (dependency-cruiser)', () => {
  test('a planted breach of each rule fails the check, naming the rule and the file; made legal, it passes', () => {
    try {
      plant('bad');
      const bad = depcruise();
      expect(bad.status, bad.out).not.toBe(0);
      const found = violations(bad.out);
      for (const p of PROBES) {
        if (!p.rule) continue;
        expect(found, `${p.rule} for ${p.file}\n${bad.out}`).toContainEqual({ rule: p.rule, from: p.file });
      }
      // the helper files themselves break nothing
      expect(found.filter((v) => v.from === viewerHelper || v.from.startsWith(`src/app/${tag}`))).toEqual([]);

      plant('good');
      const good = depcruise();
      expect(violations(good.out), good.out).toEqual([]);
      expect(good.status, good.out).toBe(0);
    } finally {
      removeProbes();
    }
  });
});

/**
 * Type-checks `files` with the compiler options of `config` (a throwaway tsconfig beside it that extends it and lists
 * only those files, so the check takes a second instead of re-checking the tree); returns tsc's error lines.
 */
function tsc(config: string, files: string[]): string[] {
  const probeConfig = `tsconfig.${tag}.json`;
  writeFileSync(join(ROOT, probeConfig), JSON.stringify({ extends: `./${config}`, include: [], files }));
  try {
    const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', probeConfig], { cwd: ROOT, encoding: 'utf8' });
    return `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
  } finally {
    rmSync(join(ROOT, probeConfig), { force: true });
  }
}

describe('per-layer TypeScript settings', () => {
  const domainDom = `src/domain/${tag}_dom.ts`;
  const feedNode = `src/feed/${tag}_process.ts`;
  const uiNode = `src/ui/${tag}_buffer.ts`;
  const files: [string, string][] = [
    [domainDom, 'export const title = (): string => document.title;'],
    [feedNode, 'export const env = (): string | undefined => process.env.HOME;'],
    [uiNode, "export const bytes = (): number => Buffer.byteLength('x');"],
  ];

  test('the pure layers see no DOM and no Node globals, the browser code no Node globals', () => {
    try {
      for (const [file, text] of files) writeFileSync(join(ROOT, file), `// planted by tests/unit/lint-layers.test.ts\n${text}\n`);
      const pure = tsc('tsconfig.pure.json', [domainDom, feedNode]);
      expect(pure.some((l) => l.startsWith(domainDom) && /Cannot find name 'document'/.test(l)), pure.join('\n')).toBe(true);
      expect(pure.some((l) => l.startsWith(feedNode) && /Cannot find name 'process'/.test(l)), pure.join('\n')).toBe(true);
      expect(pure, 'nothing else fails').toHaveLength(2);
      const browser = tsc('tsconfig.browser.json', [domainDom, uiNode]);
      expect(browser.some((l) => l.startsWith(uiNode) && /Cannot find name 'Buffer'/.test(l)), browser.join('\n')).toBe(true);
      expect(browser, 'document is fine in browser code').toHaveLength(1);
    } finally {
      for (const [file] of files) rmSync(join(ROOT, file), { force: true });
    }
  });
});
