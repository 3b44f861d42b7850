import { readFileSync } from 'node:fs';
import { decodeText } from '../../../../electron/main/core/text/decode-text';
import { parseMemoryCsv } from '../../../../electron/main/core/report/parse-memory-csv';
import { fixturePath } from '../../../support/fixtures';

const load = (name: string) => parseMemoryCsv(decodeText(readFileSync(fixturePath('other', name))).text);

describe('parseMemoryCsv on the real fixtures', () => {
  it('reads the byte-exact JonJon565 memory.csv (UTF-16LE without BOM)', () => {
    const csv = load('JonJon565-WERCA0A.tmp - Copy.csv');
    expect(csv.problems).toEqual([]);
    expect(csv.columns).toHaveLength(33);
    expect(csv.columns.slice(0, 3)).toEqual(['ImageName', 'UniqueProcessId', 'NumberOfThreads']);
    expect(csv.columns.slice(-4)).toEqual(['HandleCount', 'InheritedFromUniqueProcessId', 'SessionId', 'Services']);
    expect(csv.rows).toHaveLength(233);
    expect(csv.rows[0]?.slice(0, 3)).toEqual(['[Idle]', '0', '4']);
    // The crashing app (PID 13300) and WerFault (child of PID 8468) are the last rows.
    expect(csv.rows.at(-2)?.slice(0, 2)).toEqual(['PurpleWinStore.exe', '13300']);
    expect(csv.rows.at(-1)?.slice(0, 2)).toEqual(['WerFault.exe', '7204']);
    expect(csv.rows.at(-1)?.[30]).toBe('8468');
    const lsass = csv.rows.find((r) => r[0] === 'lsass.exe');
    expect(lsass?.[32]).toBe('EFS|KeyIso|SamSs|VaultSvc');
  });

  it('reads the truncated DebugPrivilege paste (UTF-8, LF)', () => {
    const csv = load('DebugPrivilege-beacon-memory-TRUNCATED.csv');
    expect(csv.problems).toEqual([]);
    expect(csv.rows).toHaveLength(14);
    expect(csv.rows.at(-1)?.[0]).toBe('svchost.exe');
    expect(csv.rows.at(-1)?.[32]).toBe('RpcEptMapper|RpcSs');
  });
});

describe('parseMemoryCsv: RFC 4180 and limits', () => {
  it('handles quoted commas, doubled quotes and line breaks inside quotes', () => {
    const csv = parseMemoryCsv('Name,Id\r\n"a, ""b""",1\r\n"multi\r\nline",2\r\nplain"quote,3');
    expect(csv.rows).toEqual([
      ['a, "b"', '1'],
      ['multi\r\nline', '2'],
      ['plain"quote', '3'],
    ]);
    expect(csv.problems).toEqual([]);
  });

  it('reports an unterminated quote and ragged rows', () => {
    const csv = parseMemoryCsv('A,B\n1\n"open,2');
    expect(csv.rows).toEqual([['1'], ['open,2']]);
    expect(csv.problems).toEqual([
      'The process list ends inside a quoted value; the file is probably cut short.',
      '2 rows have a different number of values than the header (2).',
    ]);
  });

  it('caps the number of rows', () => {
    const csv = parseMemoryCsv(`A\n${'x\n'.repeat(50)}`, { maxRows: 10 });
    expect(csv.rows).toHaveLength(10);
    expect(csv.problems).toEqual(['The process list has more than 10 rows; only the first 10 are shown.']);
  });

  it('caps at 10,000 rows by default', () => {
    expect(parseMemoryCsv(`A\n${'x\n'.repeat(10_500)}`).rows).toHaveLength(10_000);
  });

  it('handles empty text', () => {
    expect(parseMemoryCsv('')).toEqual({ columns: [], rows: [], problems: ['The process list is empty.'] });
  });
});
