/**
 * Saving something the page made (an export, a picture) as a download: a hidden link to a blob URL, clicked once;
 * the URL is revoked a little later, when the browser has taken the file.
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Text (CSV, GeoJSON…) saved as a UTF-8 download. */
export function saveText(text: string, mime: string, filename: string): void {
  saveBlob(new Blob([text], { type: `${mime};charset=utf-8` }), filename);
}
