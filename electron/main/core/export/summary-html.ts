/** summary.html of a ticket bundle: one self-contained page, no external resources, all text escaped. */
import { escapeHtml as h } from './html-escape';
import { htmlPage, htmlTable } from './html-page';
import { type BundleSummaryDoc, headingLine, redactionLine } from './summary-doc';

/** Renders the bundle summary as a self-contained HTML page. */
export function summaryHtml(doc: BundleSummaryDoc): string {
  const parts: string[] = [
    '<h1>WER Explorer ticket bundle</h1>',
    `<p class="meta">${h(headingLine(doc))}<br>${h(redactionLine(doc.redaction))}</p>`,
  ];
  if (doc.ticketText.trim()) parts.push('<h2>Ticket</h2>', `<pre>${h(doc.ticketText.trim())}</pre>`);
  for (const w of doc.warnings) {
    const files = w.files.length > 0 ? ` <code>${h(w.files.join(', '))}</code>` : '';
    parts.push(`<div class="warn">${h(w.message)}${files}</div>`);
  }
  doc.reports.forEach((r, i) => {
    parts.push(`<h2>${i + 1}. ${h(r.title)}</h2>`, `<p class="meta">Folder in the bundle: <code>${h(r.zipFolder)}</code></p>`);
    for (const s of r.sections) {
      parts.push(`<h3>${h(s.title)}</h3>`, htmlTable(null, s.rows.map((row) => [row.label, row.value]), ['k', null]));
    }
  });
  if (doc.leftOut.length > 0) {
    parts.push('<h2>Left out</h2>', htmlTable(['File', 'Why'], doc.leftOut.map((l) => [l.path, l.message]), ['mono', null]));
  }
  return htmlPage('WER Explorer ticket bundle', parts.join('\n'));
}
