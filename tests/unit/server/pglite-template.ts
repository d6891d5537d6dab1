/**
 * A fresh PGlite data folder for a test in about a second: PGlite's own initdb takes 5–15 s here, so the first test
 * run makes an empty cluster once (tmp/server-test/pglite-<version>) and every test copies it.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const ROOT = resolve('tmp/server-test');
const VERSION = (JSON.parse(readFileSync(resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;

export async function pgliteTemplate(): Promise<string> {
  const dir = join(ROOT, `pglite-${VERSION}`);
  mkdirSync(ROOT, { recursive: true });
  // test files run in parallel workers: one makes the template, the others wait for it (a lock folder)
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(join(dir, 'PG_VERSION'))) return dir;
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (existsSync(join(dir, 'PG_VERSION'))) return dir;
    const work = mkdtempSync(join(ROOT, 'template-'));
    const db = await PGlite.create({ dataDir: work });
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
    return dir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const made: string[] = [];

/** A new PGlite data folder (a copy of the template) under tmp/server-test; `removePgliteDirs` deletes them. */
export async function freshPgliteDir(): Promise<string> {
  const template = await pgliteTemplate();
  const dir = mkdtempSync(join(ROOT, 'db-'));
  cpSync(template, dir, { recursive: true });
  made.push(dir);
  return dir;
}

export function removePgliteDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
