import { ticketMarkdown } from '../../shared/ticket-text';
import { summarizeReport } from '../../shared/report-summary';
import { appCrashSignature, breakpadDetail, stowedDump, withDump } from '../renderer/support/detail-factory';
import { semanticFields } from '../../shared/sig-fields';

describe('ticket text (copy as ticket text)', () => {
  it('has the title, what happened, the signature with meanings, the dump with top frames and the files', () => {
    const md = ticketMarkdown(breakpadDetail());
    expect(md.startsWith('## test\\_app.exe crashed in test\\_app.exe (c0000005 STATUS\\_ACCESS\\_VIOLATION)\n')).toBe(true);
    expect(md).toContain('### What happened');
    expect(md).toContain('| Memory access | tried to write to 0x45 — near address zero: the program used a null (empty) pointer |');
    expect(md).toContain('| Exception code | c0000005 (STATUS\\_ACCESS\\_VIOLATION: ');
    expect(md).toContain('| Offset in module | 0000429e (0x429e) |');
    expect(md).toContain('| Application build time | 45d35f6c (built 2007-02-14) |');
    expect(md).toContain('| Exception | 0xc0000005 STATUS\\_ACCESS\\_VIOLATION at 0x40429e test\\_app.exe +0x429e |');
    expect(md).toContain('| Exploitability (heuristic) | probably-not-exploitable: Write access violation near NULL |');
    expect(md).toContain('| Frame 1 | test\\_app.exe +0x4200 \\[frame-pointer\\] |');
    expect(md).toContain('| memory.hdmp | heapdump, size unknown, missing from the report folder |');
    expect(md).toContain('| WER4F2A.tmp.mdmp | minidump, 11.1 KB, in the report folder |');
  });

  it('carries the symbolized top frames: module!function+offset with file and line', () => {
    const dump = stowedDump();
    const named = {
      ...dump,
      stack: dump.stack.map((f, i) =>
        i === 0 ? { ...f, function: 'RaiseFailFastException', functionOffset: '0x12', file: 'src/xcpt.c', line: 42, inlined: [], nameSource: 'pdb' as const } : f,
      ),
    };
    const md = ticketMarkdown(withDump(breakpadDetail(), { ok: true, value: named }));
    expect(md).toContain('| Frame 0 | KERNELBASE!RaiseFailFastException+0x12 \\[src/xcpt.c @ 42\\] \\[context\\] |');
    expect(md).toContain('| Frame 1 | KERNELBASE.dll +0x343a6 \\[scan\\] |');
  });

  it('says the same things as the bundle summary (same sections, same rows)', () => {
    const d = breakpadDetail();
    const sections = summarizeReport(d, 'x', []).sections.map((s) => s.title);
    const md = ticketMarkdown(d);
    for (const title of sections) expect(md).toContain(`### ${title}`);
    expect(sections.slice(0, 3)).toEqual(['Report', 'What happened', 'Signature']);
  });

  it('escapes hostile report text so it cannot add headings, tables, links or HTML', () => {
    const hostile = '<img src=x onerror=alert(1)> | [link](http://x) *b*\n# heading';
    const signature = appCrashSignature([hostile, '1.0', '0', 'evil.dll', '1.0', '0', 'c0000005', '10']);
    const md = ticketMarkdown(breakpadDetail({ appName: hostile, signature, fields: semanticFields('APPCRASH', signature) }));
    expect(md).not.toMatch(/<img/);
    expect(md).not.toMatch(/\n# heading/);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt; \\| \\[link\\](http://x) \\*b\\* # heading');
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(4);
  });

  it('reports an unreadable dump and a dump that disagrees with the signature', () => {
    const unreadable = ticketMarkdown(withDump(breakpadDetail(), { ok: false, error: 'The file ends inside the stream directory.' }));
    expect(unreadable).toContain('| Unreadable | The file ends inside the stream directory. |');
    const stowed = stowedDump();
    const differ = { ...stowed, signatureCheck: { kind: 'differ' as const, dump: { module: 'KERNELBASE.dll', offset: '0x12db22' }, report: { module: 'test_app.exe', offset: '0x429e' }, message: "the dump's exception is at KERNELBASE.dll +0x12db22; the report's signature blames test_app.exe +0x429e" } };
    const md = ticketMarkdown(withDump(breakpadDetail(), { ok: true, value: differ }));
    expect(md).toContain('| Dump and signature disagree | The minidump records exception 0xc000027b STATUS\\_STOWED\\_EXCEPTION, but the report’s signature says c0000005. |');
    expect(md).toContain("the report's signature blames test\\_app.exe +0x429e.");
    expect(md).toContain('| Frame 2 | combase.dll +0x1fb84d \\[scan\\] |');
  });
});
