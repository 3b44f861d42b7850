/** Escaping for report text placed into HTML and Markdown: report files are hostile input. */

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

/**
 * Text safe inside Markdown (table cells included): the characters that start emphasis, code,
 * links and tables are backslash-escaped, `<`, `>` and `&` become entities (so a placeholder like
 * `<user-1>` is not taken for HTML), and line breaks become spaces (a cell cannot span lines).
 * Parentheses and the like stay: without `[` they cannot form a link.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\u0000-\u001F\u007F]+/g, ' ');
}

/** One line of free text for Markdown: escaped, and a leading block marker (`#`, `-`, `1.`) neutralised. */
export function escapeMarkdownLine(line: string): string {
  return escapeMarkdown(line)
    .replace(/^(\s*)([#+\-=])/, '$1\\$2')
    .replace(/^(\s*)(\d+)([.)])/, '$1$2\\$3');
}
