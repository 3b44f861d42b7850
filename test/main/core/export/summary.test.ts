import { summaryHtml } from '../../../../electron/main/core/export/summary-html';
import { summaryMarkdown } from '../../../../electron/main/core/export/summary-markdown';
import type { BundleSummaryDoc } from '../../../../electron/main/core/export/summary-doc';

const hostile = '<script>alert(1)</script> | *bold* [link](http://x) `code` & <user-1>';

const doc: BundleSummaryDoc = {
  createdAt: '2026-11-01T10:00:00.000Z',
  toolVersion: '0.1.0',
  ticketText: `# Not a heading\n1. not a list\n${hostile}`,
  redaction: { counts: [{ category: 'user', values: 2, occurrences: 5 }], skippedShortValues: 0 },
  warnings: [{ kind: 'heap-dumps', message: 'Heap dumps are included.', files: ['reports/a/memory.hdmp'] }],
  leftOut: [{ path: 'reports/a/x.etl', reason: 'binary-not-redactable', message: 'A binary file cannot be redacted.' }],
  reports: [
    {
      title: hostile,
      zipFolder: 'reports/a',
      sections: [{ title: 'Report', rows: [{ label: 'Application', value: hostile }, { label: 'Event type', value: 'APPCRASH' }] }],
    },
  ],
};

describe('bundle summaries', () => {
  it('Markdown: escapes report text so it cannot add markup, tables cells or links', () => {
    const md = summaryMarkdown(doc);
    expect(md).toContain('Redacted (text files only): user 2 value(s), 5 time(s).');
    expect(md).toContain('> \\# Not a heading\n> 1\\. not a list\n');
    const row = md.split('\n').find((l) => l.startsWith('| Application |')) ?? '';
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(4);
    expect(row).toContain('&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*bold\\* \\[link\\](http://x) \\`code\\` &amp; &lt;user-1&gt;');
    expect(md).toContain('| reports/a/x.etl | A binary file cannot be redacted. |');
    expect(md).not.toMatch(/<(?!\/?br)/);
  });

  it('HTML: one self-contained page, every string escaped, warnings shown', () => {
    const html = summaryHtml(doc);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).toContain('<div class="warn">Heap dumps are included. <code>reports/a/memory.hdmp</code></div>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; | *bold* [link](http://x) `code` &amp; &lt;user-1&gt;');
    expect(html).not.toMatch(/<(?!\/?(?:html|head|meta|title|style|body|h1|h2|h3|p|br|pre|div|code|table|thead|tbody|tr|th|td)[\s>]|!DOCTYPE)/i);
  });
});
