/**
 * A fresh PGlite data folder for a test in about a second: PGlite's own initdb takes 5–15 s here, so the first test
 * run makes an empty cluster once (tmp/server-test/pglite-<version>) and every test copies it.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const ROOT = resolve('tmp/server-test');
const VERSION = (JSON.parse(readFileSync(resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;

export async function pgliteTemplate(): Promise<string> {
  const dir = join(ROOT, `pglite-${VERSION}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  mkdirSync(ROOT, { recursive: true });
  const work = mkdtempSync(join(ROOT, 'template-'));
  const db = await PGlite.create({ dataDir: work });
  await db.close();
  try {
    renameSync(work, dir);
  } catch {
    // another test file made it first
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
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
