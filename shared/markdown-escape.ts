/**
 * Escaping for report text placed into Markdown (ticket text, bundle summary.md): report files are
 * hostile input, so a value must not be able to add headings, tables, links or HTML of its own.
 */

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

/** A two-column Markdown table of label/value rows, every cell escaped. */
export function markdownTable(rows: readonly { readonly label: string; readonly value: string }[], head: readonly [string, string] = ['Field', 'Value']): string[] {
  return [`| ${head[0]} | ${head[1]} |`, '|---|---|', ...rows.map((r) => `| ${escapeMarkdown(r.label)} | ${escapeMarkdown(r.value)} |`)];
}
