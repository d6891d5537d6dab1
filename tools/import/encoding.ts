/**
 * Text encodings of survey files: Shapefile code pages (`.cpg` text, the DBF header's language driver id), byte-order
 * marks, and a GBK-or-UTF-8 decision for CSV files without either. Node 20's TextDecoder (WHATWG labels) knows `gbk`,
 * `big5`, `euc-kr`, `shift_jis` and the `windows-125x` pages; shpjs hands the `.cpg` text to TextDecoder as it is, so
 * `936` / `ANSI 936` / `cp936` would decode as UTF-8 (garbled Chinese) unless mapped here.
 */

export interface DetectedEncoding {
  /** TextDecoder label, e.g. "gbk", "utf-8" */
  label: string;
  /** what decided it */
  source: 'option' | 'cpg' | 'ldid' | 'bom' | 'utf8-valid' | 'gbk-fallback' | 'default';
  /** the text or byte that decided it, as found (".cpg: ANSI 936", "LDID 0x4D") */
  evidence?: string;
}

/** Windows code page numbers → TextDecoder labels. */
const CODE_PAGES: Record<string, string> = {
  '936': 'gbk',
  '54936': 'gb18030',
  '950': 'big5',
  '949': 'euc-kr',
  '932': 'shift_jis',
  '65001': 'utf-8',
  '1250': 'windows-1250',
  '1251': 'windows-1251',
  '1252': 'windows-1252',
  '1253': 'windows-1253',
  '1254': 'windows-1254',
  '437': 'ibm866', // no cp437 decoder in WHATWG; ASCII-compatible stand-in
  '850': 'windows-1252',
};

/** DBF language driver ids (header byte 29) → TextDecoder labels (ESRI's table; 0 = none given). */
const LDIDS: Record<number, string> = {
  0x4d: 'gbk', // 936 Chinese (PRC)
  0x7a: 'gbk', // 936 PRC GBK
  0x4f: 'big5',
  0x78: 'big5',
  0x4e: 'euc-kr',
  0x79: 'euc-kr',
  0x13: 'shift_jis',
  0x7b: 'shift_jis',
  0x57: 'windows-1252',
  0x03: 'windows-1252',
  0x01: 'windows-1252',
  0x02: 'windows-1252',
  0xc8: 'windows-1250',
  0xc9: 'windows-1251',
};

/** A TextDecoder label for a user's or a `.cpg` file's encoding name; undefined when unknown. */
export function decoderLabel(name: string): string | undefined {
  const t = name.trim().replace(/^\uFEFF/, '').toLowerCase();
  if (!t) return undefined;
  const cp = /^(?:ansi[\s_-]*|cp[\s_-]*|windows[\s_-]*|ms)?(\d{3,5})$/.exec(t);
  if (cp) return CODE_PAGES[cp[1]];
  if (t === 'utf8') return 'utf-8';
  if (t === 'gb2312' || t === 'gbk' || t === 'x-gbk' || t === 'chinese') return 'gbk';
  try {
    return new TextDecoder(t).encoding;
  } catch {
    return undefined;
  }
}

/** The label a DBF header's language driver id names; undefined for 0 or an unknown id. */
export function ldidLabel(dbf: Uint8Array): string | undefined {
  return dbf.length > 29 ? LDIDS[dbf[29]] : undefined;
}

/**
 * The encoding of a DBF: the user's `--encoding` first, then the `.cpg`, then the language driver id; otherwise UTF-8
 * when the bytes are valid UTF-8, else GBK (the usual Chinese ANSI page) — both reported as guesses.
 */
export function dbfEncoding(dbf: Uint8Array, cpg: string | undefined, option: string | undefined): DetectedEncoding {
  if (option) return { label: requireLabel(option), source: 'option', evidence: option };
  if (cpg !== undefined) {
    const l = decoderLabel(cpg);
    if (l) return { label: l, source: 'cpg', evidence: `.cpg: ${cpg.trim()}` };
  }
  const ld = ldidLabel(dbf);
  if (ld) return { label: ld, source: 'ldid', evidence: `LDID 0x${dbf[29].toString(16).toUpperCase().padStart(2, '0')}` };
  return guessUtf8OrGbk(dbf);
}

/** The label for a user's `--encoding`, or an error naming it. */
export function requireLabel(name: string): string {
  const l = decoderLabel(name);
  if (!l) throw new EncodingError(`unknown encoding '${name}' (try utf-8, gbk, gb18030, big5, 936)`);
  return l;
}

export class EncodingError extends Error {}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Valid UTF-8 → UTF-8, otherwise GBK. */
export function guessUtf8OrGbk(bytes: Uint8Array): DetectedEncoding {
  return isValidUtf8(bytes) ? { label: 'utf-8', source: 'utf8-valid' } : { label: 'gbk', source: 'gbk-fallback' };
}

/** Text of a CSV/GeoJSON file: BOM first (UTF-8 / UTF-16), then the option, then UTF-8-or-GBK. */
export function decodeText(bytes: Uint8Array, option: string | undefined): { text: string; encoding: DetectedEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: { label: 'utf-8', source: 'bom', evidence: 'UTF-8 BOM' } };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const label = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { text: new TextDecoder(label).decode(bytes.subarray(2)), encoding: { label, source: 'bom', evidence: `${label.toUpperCase()} BOM` } };
  }
  const encoding: DetectedEncoding = option ? { label: requireLabel(option), source: 'option', evidence: option } : guessUtf8OrGbk(bytes);
  return { text: new TextDecoder(encoding.label).decode(bytes), encoding };
}
