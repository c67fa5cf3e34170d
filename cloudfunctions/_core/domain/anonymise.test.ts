import { anonymiseJudgment, publicationBar, pseudonyms } from './anonymise';

describe('法释〔2016〕19号: publishing judgments', () => {
  it('does not publish divorce, custody, mediated or juvenile criminal cases (第四条)', () => {
    expect(publicationBar({ kind: 'divorce' })).toMatch(/第四条第（四）项/);
    expect(publicationBar({ kind: 'civil', mediated: true })).toMatch(/第四条第（三）项/);
    expect(publicationBar({ kind: 'juvenile-criminal' })).toMatch(/第四条第（二）项/);
    expect(publicationBar({ kind: 'civil', stateSecret: true })).toMatch(/第四条第（一）项/);
    expect(publicationBar({ kind: 'civil' })).toBeNull();
  });

  it('replaces family-case parties with surname + 某, and shared surnames with 某甲 / 某乙 (第八条、第九条)', () => {
    const names = pseudonyms(
      [
        { name: '刘建华', role: 'party' },
        { name: '刘小明', role: 'party' },
        { name: '欧阳娜', role: 'party' },
        { name: '王律师', role: 'agent-lawyer' },
      ],
      'inheritance',
    );
    expect(Object.fromEntries(names)).toEqual({ 刘建华: '刘某甲', 刘小明: '刘某乙', 欧阳娜: '欧阳某' });
  });

  it('keeps parties of an ordinary civil case, pseudonymises minors and criminal victims', () => {
    expect(pseudonyms([{ name: '胡建国', role: 'party' }], 'civil').size).toBe(0);
    expect(pseudonyms([{ name: '胡小宝', role: 'party', minor: true }], 'civil').get('胡小宝')).toBe('胡某');
    expect(pseudonyms([{ name: '张三', role: 'victim' }], 'criminal').get('张三')).toBe('张某');
    expect(pseudonyms([{ name: '阿依古丽', role: 'party', ethnicMinority: true }], 'divorce').get('阿依古丽')).toBe('阿某');
  });

  it('deletes ID numbers, phones, accounts, plates and the address below the district (第十条、第十一条)', () => {
    const text =
      '原告刘建华，男，1990年1月1日出生，身份证号码440106199001011231，住广州市天河区天河路123号45栋678室，联系电话13800138000，' +
      '开户账号6222020012345678901，车牌粤A12345。被告刘小明，住广东省广州市越秀区东风中路300号。';
    const result = anonymiseJudgment(
      text,
      [
        { name: '刘建华', role: 'party' },
        { name: '刘小明', role: 'party' },
      ],
      'inheritance',
    );
    expect(result.text).toBe(
      '原告刘某甲，男，1990年1月1日出生，身份证号码×××，住广州市天河区，联系电话×××，开户账号×××，车牌×××。被告刘某乙，住广东省广州市越秀区。',
    );
    expect(result.replaced).toEqual(
      expect.arrayContaining([
        { kind: '姓名', count: 2 },
        { kind: '身份证件号码', count: 1 },
        { kind: '住址', count: 2 },
      ]),
    );
  });
});
