/** Escaping for report text placed into HTML: report files are hostile input (Markdown escaping is shared/markdown-escape.ts). */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  // Control characters other than tab and line breaks have no business in a page; show them as U+FFFD.
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD');
}
