import { FACE_PURPOSE, facePurposes, fullySigned, unsigned } from './e-signature';

describe('face-check purposes', () => {
  it('name one hearing, one session or one document version, in the form the phone may send', () => {
    const sha = 'a'.repeat(64);
    for (const purpose of [facePurposes.hearing('case-1', 'hearing-1'), facePurposes.mediationSession('s-9'), facePurposes.signature(sha)]) {
      expect(purpose).toMatch(FACE_PURPOSE);
    }
    expect(facePurposes.hearing('case-1', 'hearing-1')).not.toBe(facePurposes.hearing('case-1', 'hearing-2'));
    expect('HEARING:x').not.toMatch(FACE_PURPOSE);
  });
});

describe('signatures on a version (民事诉讼法 第一百五十条)', () => {
  const v1 = '1'.repeat(64);
  const v2 = '2'.repeat(64);
  it('counts only signatures on the version as it now is: an edit asks everyone again', () => {
    const signatures = [
      { openid: 'o-hu', documentSha256: v1 },
      { openid: 'o-wu', documentSha256: v1 },
    ];
    expect(fullySigned(['o-hu', 'o-wu'], signatures, v1)).toBe(true);
    expect(unsigned(['o-hu', 'o-wu'], signatures, v2)).toEqual(['o-hu', 'o-wu']);
    expect(unsigned(['o-hu', 'o-wu'], [...signatures, { openid: 'o-hu', documentSha256: v2 }], v2)).toEqual(['o-wu']);
  });
});
