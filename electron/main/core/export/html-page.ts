/** The shell of the self-contained HTML files (summary.html, list exports): no external resources. */
import { escapeHtml } from './html-escape';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1b1b1b;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}p.meta{color:#555;margin:0 0 12px}
table{border-collapse:collapse;margin:4px 0 12px;font-size:13px}
th,td{border:1px solid #d6d6d6;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.k{color:#444;white-space:nowrap}
code,td.mono{font-family:ui-monospace,Consolas,monospace;font-size:12px}
.warn{background:#fff4e5;border:1px solid #f0b35b;padding:8px 12px;margin:8px 0}
pre{white-space:pre-wrap;background:#f7f7f7;padding:8px 12px;border:1px solid #e3e3e3}
@media (prefers-color-scheme:dark){body{background:#1e1e1e;color:#ddd}th{background:#2b2b2b}
th,td{border-color:#444}.warn{background:#3a2e1c;border-color:#8a6a2e}pre{background:#252525;border-color:#3a3a3a}p.meta,td.k{color:#aaa}}
`;

/**
 * A complete HTML document around `body` (already escaped HTML). The CSP forbids every fetch and
 * script, so even a mistake in escaping cannot load anything or run code when the file is opened.
 */
export function htmlPage(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** An HTML table of escaped cells; `classes` sets a class per column (`mono`, `k`). */
export function htmlTable(
  header: readonly string[] | null,
  rows: readonly (readonly string[])[],
  classes: readonly (string | null)[] = [],
): string {
  const cell = (tag: 'td' | 'th', text: string, i: number) => {
    const cls = tag === 'td' ? classes[i] : null;
    return `<${tag}${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</${tag}>`;
  };
  const head = header ? `<thead><tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr></thead>` : '';
  const body = rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('\n');
  return `<table>${head}<tbody>\n${body}\n</tbody></table>`;
}
