/**
 * What every self-contained report page shares (the comparison matrix, the load run's page): escaping, and
 * the opening of the page with the house style, so both read as one product. No scripts, no external assets.
 */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** `<!doctype html>` up to `<body>`: charset, viewport, title, the shared base style, then the page's own CSS. */
export function pageStart(title: string, css: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1d2330; background: #f6f7f9; }
  h1 { font-size: 22px; margin: 0 0 4px; }
${css}</style></head>
<body>`;
}
