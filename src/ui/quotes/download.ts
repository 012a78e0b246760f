/**
 * Hand bytes or text to the browser as a downloaded file (exports, PDFs). The object URL is
 * revoked a moment later: revoking at once can cancel the download in some browsers.
 */
export function downloadFile(name: string, data: Uint8Array | string, mime: string): void {
  // A Uint8Array may view a larger (or shared) buffer; copy exactly its bytes for the Blob.
  const part: BlobPart = typeof data === 'string' ? data : data.slice();
  const url = URL.createObjectURL(new Blob([part], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
