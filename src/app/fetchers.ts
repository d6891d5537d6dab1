/** fetch() wrappers that fail on HTTP errors with a short, human-readable detail. */
export async function fetchText(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new Error(err instanceof Error ? err.message : String(err));
  }
  if (res.status === 404) throw new Error('@detail.notFound');
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
  // single-page servers answer a missing file with index.html: that is "not found", not "bad JSON"
  if ((res.headers.get('content-type') ?? '').includes('text/html')) throw new Error('@detail.notFound');
  return res.text();
}

export async function fetchJson(url: string): Promise<unknown> {
  const text = await fetchText(url);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('@detail.notJson');
  }
}

/**
 * A short detail for an on-screen message. Known cases become an i18n key reference ("@detail.…", translated with
 * the message); anything else is the error's own text, shortened.
 */
export function errorDetail(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/Unexpected token '<'|<!doctype/i.test(msg)) return '@detail.notFound';
  if (/Status Code: 404/.test(msg)) return '@detail.notFound';
  return msg.length > 160 ? `${msg.slice(0, 157)}…` : msg;
}
