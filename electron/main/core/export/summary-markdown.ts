/** summary.md of a ticket bundle: readable as plain text, renders as a tidy page on code hosts. */
import { escapeMarkdown as md, escapeMarkdownLine, markdownTable } from '../../../../shared/markdown-escape';
import { type BundleSummaryDoc, headingLine, redactionLine } from './summary-doc';

/** Renders the bundle summary as Markdown; every report string is escaped. */
export function summaryMarkdown(doc: BundleSummaryDoc): string {
  const lines: string[] = ['# WER Explorer ticket bundle', '', md(headingLine(doc)), '', md(redactionLine(doc.redaction))];
  if (doc.ticketText.trim()) {
    lines.push('', '## Ticket', '');
    // Quoted line by line so the user's text cannot add headings or tables of its own.
    for (const line of doc.ticketText.trim().split(/\r?\n/)) lines.push(`> ${escapeMarkdownLine(line)}`);
  }
  if (doc.warnings.length > 0) {
    lines.push('', '## Warnings', '');
    for (const w of doc.warnings) lines.push(`- ${md(w.message)}${w.files.length > 0 ? ` (${w.files.map(md).join(', ')})` : ''}`);
  }
  doc.reports.forEach((r, i) => {
    lines.push('', `## ${i + 1}. ${md(r.title)}`, '', `Folder in the bundle: ${md(r.zipFolder)}`);
    for (const s of r.sections) lines.push('', `### ${md(s.title)}`, '', ...markdownTable(s.rows));
  });
  if (doc.leftOut.length > 0) {
    lines.push('', '## Left out', '', '| File | Why |', '|---|---|');
    for (const l of doc.leftOut) lines.push(`| ${md(l.path)} | ${md(l.message)} |`);
  }
  return `${lines.join('\n')}\n`;
}
