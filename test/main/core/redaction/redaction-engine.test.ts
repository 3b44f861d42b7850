import { readFileSync } from 'node:fs';
import { createRedactor } from '../../../../electron/main/core/redaction/redaction-engine';
import { discoverKnownValues, mergeKnownValues } from '../../../../electron/main/core/redaction/discover-values';
import { isRedactableText, redactTextFile } from '../../../../electron/main/core/redaction/redact-text-file';
import { parseReportWer } from '../../../../electron/main/core/report/parse-report-wer';
import { decodeText } from '../../../../electron/main/core/text/decode-text';
import { fixtureFiles, fixturePath } from '../../../support/fixtures';

describe('createRedactor', () => {
  it('replaces known values case-insensitively, with one placeholder per value across calls', () => {
    const r = createRedactor({ known: [{ category: 'user', value: 'kwilliams' }, { category: 'machine', value: 'FINANCE-PC-042' }] });
    expect(r.redact('C:\\Users\\KWilliams\\x on finance-pc-042')).toBe('C:\\Users\\<user-1>\\x on <machine-1>');
    expect(r.redact('kwilliams@FINANCE-PC-042')).toBe('<user-1>@<machine-1>');
    expect(r.summary()).toEqual({
      counts: [
        { category: 'user', values: 1, occurrences: 2 },
        { category: 'machine', values: 1, occurrences: 2 },
      ],
      skippedShortValues: 0,
    });
  });

  it('leaves a known value that is part of a longer word, and prefers the longest value', () => {
    const r = createRedactor({ known: [{ category: 'user', value: 'alice' }, { category: 'custom', value: 'alice smith' }] });
    expect(r.redact('malice alice_x alice1 Alice Smith')).toBe('malice <user-1>_x alice1 <custom-1>');
  });

  it('skips known values too short to replace safely', () => {
    const r = createRedactor({ known: [{ category: 'user', value: 'ab' }] });
    expect(r.redact('ab abc')).toBe('ab abc');
    expect(r.summary().skippedShortValues).toBe(1);
  });

  it('finds e-mail, IPv4, IPv6 addresses, account SIDs and profile paths by shape', () => {
    const r = createRedactor({ known: [] });
    const text = [
      'mail k.williams+wer@contoso-mail.example.com now',
      'peer 10.20.30.40:443 and [2001:db8:85a3::8a2e:370:7334]:80, fe80::1ff:fe23:4567:890a.',
      'owner S-1-5-21-3623811015-3361044348-30300820-1013 and S-1-12-1-1111111111-2222222222-3333333333-4444444444',
      'profile C:\\Users\\Bob Jones\\AppData and \\\\?\\C:\\Users\\carol\\x and /Users/dave/Library',
    ].join('\n');
    expect(r.redact(text)).toBe(
      [
        'mail <email-1> now',
        'peer <ipv4-1>:443 and [<ipv6-1>]:80, <ipv6-2>.',
        'owner <sid-1> and <sid-2>',
        'profile C:\\Users\\<user-1>\\AppData and \\\\?\\C:\\Users\\<user-2>\\x and /Users/<user-3>/Library',
      ].join('\n'),
    );
  });

  it('does not take versions, times, hashes, scopes or well-known values for sensitive ones', () => {
    const r = createRedactor({ known: [] });
    const text = [
      'Sig[1].Value=1.0.0.0', 'Sig[4].Value=10.0.19041.3636', '<Parameter2>6.1.8.0</Parameter2>',
      '<arg nm="p3" val="2.4.1.0" />', 'BIN_FILE_VERSION="6.1.8.0"', 'DynamicSig[1].Value=10.0.19045.2.0.0.256.48',
      'at 2024-01-26T06:33:03.037Z', 'bucket 3ddc1eae9ee877864d36eea97bb20406', 'Bad::Add std::vector',
      'S-1-5-18 S-1-5-32-544', 'C:\\Users\\Public\\Desktop C:\\Users\\Default\\x', 'bind 0.0.0.0 and 127.0.0.1 and ::1',
    ].join('\n');
    expect(r.redact(text)).toBe(text);
    // A version shown on its own keeps its label as context.
    expect(r.redact('2.4.1.0', { context: 'Application version' })).toBe('2.4.1.0');
    expect(r.redact('2.4.1.0')).toBe('<ipv4-1>');
  });

  it('writes XML-escaped placeholders on request, and does not count what it is told not to', () => {
    const r = createRedactor({ known: [{ category: 'machine-guid', value: '3F2504E0-4F89-11D3-9A0C-0305E82C3301' }] });
    expect(r.redact('<MID>3f2504e0-4f89-11d3-9a0c-0305e82c3301</MID>', { escape: 'xml' })).toBe('<MID>&lt;machine-guid-1&gt;</MID>');
    expect(r.redact('{3F2504E0-4F89-11D3-9A0C-0305E82C3301}', { count: false })).toBe('{<machine-guid-1>}');
    expect(r.summary().counts).toEqual([{ category: 'machine-guid', values: 1, occurrences: 1 }]);
  });

  it('keeps the numbering of placeholders assigned earlier (the plan\u2019s dry run)', () => {
    const first = createRedactor({ known: [] });
    first.redact('a@example.com b@example.com');
    const second = createRedactor({ known: [], placeholders: first.placeholders() });
    expect(second.redact('b@example.com c@example.com a@example.com')).toBe('<email-2> <email-3> <email-1>');
  });

  it('reports counts, never values', () => {
    const r = createRedactor({ known: [{ category: 'user', value: 'kwilliams' }] });
    r.redact('kwilliams 10.1.2.3 x@y.example.org');
    const json = JSON.stringify(r.summary());
    expect(json).not.toMatch(/kwilliams|10\.1\.2\.3|x@y/);
  });
});

describe('discoverKnownValues', () => {
  it('finds profile users, the machine GUID, CER names, domains and UNC servers', () => {
    const found = discoverKnownValues([
      'AppPath=C:\\Users\\kwilliams\\AppData\\Local\\app.exe\r\nUI[2]=C:\\Users\\Public\\x',
      '<SystemInformation><MID>3F2504E0-4F89-11D3-9A0C-0305E82C3301</MID></SystemInformation>',
      '<arg nm="mid" val="{B416E662-2CDC-4EB4-8355-43F1CA046DBE}" />',
      '<MACHINEINFO machinename="FINANCE-PC-042" /><USERINFO username="CONTOSOCORP\\jsmith" />',
      'share \\\\FILESRV01\\public and \\\\?\\C:\\x and \\\\.\\pipe\\y',
    ]);
    expect(found).toEqual([
      { category: 'user', value: 'kwilliams' },
      { category: 'machine-guid', value: '3F2504E0-4F89-11D3-9A0C-0305E82C3301' },
      { category: 'machine-guid', value: 'B416E662-2CDC-4EB4-8355-43F1CA046DBE' },
      { category: 'machine', value: 'FINANCE-PC-042' },
      { category: 'domain', value: 'CONTOSOCORP' },
      { category: 'user', value: 'jsmith' },
      { category: 'machine', value: 'FILESRV01' },
    ]);
    expect(mergeKnownValues([{ category: 'custom', value: 'KWILLIAMS' }], found)[0]).toEqual({ category: 'custom', value: 'KWILLIAMS' });
  });

  it('finds the machine GUID in the real metadata and the user in the real BEX64 report', () => {
    const xml = decodeText(readFileSync(fixturePath('metadata', 'JonJon565-WER7FE4.tmp.WERInternalMetadata.xml'))).text;
    const wer = readFileSync(fixturePath('reportwer', 'DebugPrivilege-beacon-BEX64.txt.wer'), 'utf8');
    expect(discoverKnownValues([xml, wer])).toEqual([
      { category: 'machine-guid', value: 'B416E662-2CDC-4EB4-8355-43F1CA046DBE' },
      { category: 'user', value: 'admin' },
    ]);
  });
});

describe('redactTextFile over every real Report.wer', () => {
  it.each(fixtureFiles('reportwer'))('%s keeps its encoding, event type and signature', (name) => {
    const bytes = readFileSync(fixturePath('reportwer', name));
    const before = decodeText(bytes);
    const redactor = createRedactor({ known: discoverKnownValues([before.text]) });
    const out = redactTextFile('Report.wer', bytes, redactor);
    const after = decodeText(out.bytes);
    expect(after.encoding).toBe(before.encoding);
    expect(after.bom).toBe(before.bom);
    const [a, b] = [parseReportWer(before.text), parseReportWer(after.text)];
    expect(b.eventType).toBe(a.eventType);
    expect(b.signature).toEqual(a.signature);
    expect(b.dynamicSignature).toEqual(a.dynamicSignature);
    expect(b.reportIdentifier).toBe(a.reportIdentifier);
    expect(after.text).not.toMatch(/\\users\\admin\\/i);
  });

  it('finds no false positives in the real fixtures: only the profile user, an e-mail and the machine GUIDs', () => {
    const texts = ['reportwer', 'metadata', 'other'].flatMap((d) => fixtureFiles(d).map((f) => decodeText(readFileSync(fixturePath(d, f))).text));
    const redactor = createRedactor({ known: discoverKnownValues(texts) });
    for (const t of texts) redactor.redact(t);
    expect(redactor.placeholders().map((p) => [p.category, p.placeholder])).toEqual([
      ['user', '<user-1>'],
      ['machine-guid', '<machine-guid-1>'],
      ['machine-guid', '<machine-guid-2>'],
      ['email', '<email-1>'],
    ]);
  });

  it('tells redactable text from binary', () => {
    expect(isRedactableText(Buffer.from('\ufeffKey=Value\r\n', 'utf16le'))).toBe(true);
    expect(isRedactableText(Buffer.from('plain text, déjà vu\n'))).toBe(true);
    expect(isRedactableText(Buffer.from([0x4d, 0x44, 0x4d, 0x50, 0x93, 0xa7, 0, 0, 1, 2, 3, 0, 0, 0, 0xff, 0x10]))).toBe(false);
  });
});
