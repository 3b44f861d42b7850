/** The level-1 answer parser (lenient), the server spec parser and the DumpFile target (§6, §7, §11). */
import { dumpFileTarget, parseCerServer } from '../../../../electron/main/core/cer/cer-client';
import { formatCerAnswer, parseCerAnswer } from '../../../../electron/main/core/cer/cer-response';

describe('parseCerAnswer', () => {
  it('reads the strict form (aurel26 byte-exact answer)', () => {
    const { answer, recognised } = parseCerAnswer(Buffer.from(
      'iData=1\r\nBucket=1\r\nBucketTable=1\r\nDumpServer=127.0.0.1\r\nDumpFile=/reports/b1/39/b13937c8391e87cc5ae958a48b9f238a/report.cab\r\n',
    ));
    expect(recognised).toBe(true);
    expect(answer).toMatchObject({
      bucket: '1', bucketTable: '1', iData: true, dumpServer: '127.0.0.1',
      dumpFile: '/reports/b1/39/b13937c8391e87cc5ae958a48b9f238a/report.cab', response: null,
    });
  });

  it('is lenient the way the spec examples need: spaces, empty values, LF, case, junk lines', () => {
    const { answer, recognised } = parseCerAnswer('Response =\nBucket = 500\r\n\r\nbuckettable=5\ngarbage line\n\u0000\u00ff=1\nIDATA = 1\nDumpFile=\\PersistedCabs\\Blue\\{1234}.cab\nExtra=x=y');
    expect(recognised).toBe(true);
    expect(answer).toMatchObject({ response: '', bucket: '500', bucketTable: '5', iData: true, dumpFile: '\\PersistedCabs\\Blue\\{1234}.cab' });
    expect(answer.values.extra).toBe('x=y');
  });

  it('does not take junk or an error page for an answer; iData other than 1 means no upload', () => {
    expect(parseCerAnswer(Buffer.from([0x3c, 0x68, 0x31, 0x3e, 0xff, 0x00, 0x9d])).recognised).toBe(false);
    expect(parseCerAnswer('<html><body>Unable to parse XML.</body></html>').recognised).toBe(false);
    expect(parseCerAnswer('Bucket=3\r\niData=0\r\nDumpFile=/x').answer.iData).toBe(false);
  });

  it('formats the strict ASCII form', () => {
    expect(formatCerAnswer([['Bucket', '7'], ['DumpFile', '/reports/é/x.cab\r\n']])).toBe('Bucket=7\r\nDumpFile=/reports//x.cab\r\n');
  });
});

describe('parseCerServer', () => {
  it.each([
    ['cer.example', 'http://cer.example:1273'],
    ['cer.example:8080', 'http://cer.example:8080'],
    ['https://CER.example', 'https://cer.example:1273'],
    ['http://127.0.0.1:1232/', 'http://127.0.0.1:1232'],
    ['[::1]:99', 'http://[::1]:99'],
  ])('%s → %s', (spec, origin) => {
    const r = parseCerServer(spec);
    expect(r.ok && r.value.origin).toBe(origin);
  });

  it.each(['', 'ftp://x', 'http://u:p@x', 'http://x/stage2.htm', 'http://x?a=1', 'http://exa mple'])('refuses %j', (spec) => {
    expect(parseCerServer(spec).ok).toBe(false);
  });
});

describe('dumpFileTarget', () => {
  const server = (() => {
    const r = parseCerServer('https://cer.example:4443');
    if (!r.ok) throw new Error(r.error);
    return r.value;
  })();
  const answer = (dumpFile: string | null, dumpServer: string | null = null) => ({
    ...parseCerAnswer('').answer, iData: true, dumpFile, dumpServer,
  });

  it('uses DumpServer with the same scheme and port, and sends the path as given', () => {
    const t = dumpFileTarget(server, answer('/reports/aa/report.cab', 'upload.example'));
    expect(t.ok && t.value).toEqual({ endpoint: { protocol: 'https:', host: 'upload.example', port: 4443 }, path: '/reports/aa/report.cab' });
  });

  it('keeps backslashes, encodes only what HTTP cannot carry, starts with /', () => {
    const t = dumpFileTarget(server, answer('\\PersistedCabs\\Generic\\APPCRASH\\my app.exe\\{guid}.cab'));
    expect(t.ok && t.value.path).toBe('/PersistedCabs\\Generic\\APPCRASH\\my%20app.exe\\{guid}.cab');
    expect(t.ok && t.value.endpoint.host).toBe('cer.example');
  });

  it('ignores an implausible DumpServer and refuses a URL or a missing DumpFile', () => {
    const t = dumpFileTarget(server, answer('/x.cab', 'evil.example/path@x'));
    expect(t.ok && t.value.endpoint.host).toBe('cer.example');
    expect(dumpFileTarget(server, answer('http://evil.example/x.cab')).ok).toBe(false);
    expect(dumpFileTarget(server, answer(null)).ok).toBe(false);
  });
});
