import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toCsv, toXlsx } from './spreadsheet';

describe('exports', () => {
  it('writes CSV with a BOM and quotes what needs quoting', () => {
    expect(
      toCsv([
        ['债权人', '金额'],
        ['胡建国, 宁波', 199],
        ['说"押金"', 1],
      ]).toString('utf8'),
    ).toBe('\ufeff债权人,金额\r\n"胡建国, 宁波",199\r\n"说""押金""",1\r\n');
  });

  it('writes an XLSX a ZIP reader opens, with the sheet inside', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'xlsx-')), 'claims.xlsx');
    writeFileSync(
      file,
      toXlsx('债权表', [
        ['债权人', '确认金额（元）'],
        ['胡建国', 199.5],
      ]),
    );
    const listing = execFileSync(
      'python3',
      ['-c', `import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(z.read('xl/worksheets/sheet1.xml').decode())`, file],
      { encoding: 'utf8' },
    );
    expect(listing.split('\n')[0]).toBe('None');
    expect(listing).toContain('<t>胡建国</t>');
    expect(listing).toContain('<v>199.5</v>');
  });
});
