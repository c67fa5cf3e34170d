import { counterId, formatCaseNumber, normaliseCaseNumber, parseCaseNumber } from './case-numbers';

describe('案号 (法〔2015〕137号, 法〔2018〕335号)', () => {
  it('formats with full-width brackets and no zero padding', () => {
    expect(formatCaseNumber({ year: 2026, courtCode: '粤0106', specialised: '', typeCode: '民初', seq: 1234, suffix: '' })).toBe('（2026）粤0106民初1234号');
  });

  it.each([
    ['（2024）粤0106民初1234号', { year: 2024, courtCode: '粤0106', typeCode: '民初', seq: 1234 }],
    ['(2023)粤0192民初1448号', { courtCode: '粤0192', seq: 1448 }],
    ['（2022）沪0115民初13290号之一', { suffix: '之一', seq: 13290 }],
    ['（2019）最高法知民终1号', { courtCode: '最高法', specialised: '知', typeCode: '民终' }],
    ['（2018）粤0106执2984号', { typeCode: '执' }],
    ['（2024）浙02民诉前调595号', { courtCode: '浙02', typeCode: '民诉前调' }],
    ['（2018）粤01破1号', { courtCode: '粤01', typeCode: '破' }],
    ['（2026） 粤01 民终 7 号', { courtCode: '粤01', typeCode: '民终', seq: 7 }],
  ])('parses %s', (text, expected) => {
    expect(parseCaseNumber(text)).toMatchObject(expected);
  });

  it.each(['（2024）粤0106民初0123号', '（24）粤0106民初1号', '（2024）粤0106民初号', '2024粤0106民初1号', '（2024）粤0106某某1号'])('refuses %s', (text) => {
    expect(parseCaseNumber(text)).toBeNull();
  });

  it('normalises half-width brackets to the stored form', () => {
    expect(normaliseCaseNumber('(2026)粤0106民初12号')).toBe('（2026）粤0106民初12号');
  });

  it('numbers per court × specialised code × type code × year (第九条、第十条)', () => {
    expect(counterId('粤0106', '', '民初', 2026)).toBe('case-number:粤0106:-:民初:2026');
    expect(counterId('粤0106', '', '民初', 2027)).not.toBe(counterId('粤0106', '', '民初', 2026));
    expect(counterId('粤73', '知', '民初', 2026)).not.toBe(counterId('粤73', '', '民初', 2026));
  });
});
