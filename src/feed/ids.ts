/**
 * The id ⇄ gid mapping written by the tiler: public/tiles/pipes/ids.txt, one asset id per line, line number = gid
 * (0-based). Sections are not in it (the feed handles them by section id).
 */

export interface IdList {
  /** id → gid */
  gid: Map<string, number>;
  /** gid → id */
  ids: string[];
  /** Lines whose id was already seen (kept first), or blank inside the file. */
  problems: { line: number; reason: 'duplicate' | 'blank' }[];
}

export function parseIdList(text: string): IdList {
  const lines = text.split('\n');
  // a single trailing newline is not a line
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const gid = new Map<string, number>();
  const ids: string[] = new Array<string>(lines.length);
  const problems: IdList['problems'] = [];
  for (let i = 0; i < lines.length; i++) {
    let id = lines[i];
    if (id.endsWith('\r')) id = id.slice(0, -1);
    ids[i] = id;
    if (id === '') {
      problems.push({ line: i, reason: 'blank' });
      continue;
    }
    if (gid.has(id)) problems.push({ line: i, reason: 'duplicate' });
    else gid.set(id, i);
  }
  return { gid, ids, problems };
}
