import { certHash } from './wechat-api';

describe('certHash', () => {
  it('is the documentation’s worked example (查询用户人脸核身真实验证结果, 注意事项)', () => {
    // Prepare: 张三's cert_info as the documentation gives it.
    const cert = { cert_type: 'IDENTITY_CARD', cert_name: '张三', cert_no: '310101199801011234' } as const;
    // Act
    const hash = certHash(cert);
    // Assess: SHA-256 of cert_type=SURFTlRJVFlfQ0FSRA==&cert_name=5byg5LiJ&cert_no=MzEwMTAxMTk5ODAxMDExMjM0
    expect(hash).toBe('3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b');
  });

  it('changes with any field', () => {
    const base = { cert_type: 'IDENTITY_CARD', cert_name: '张三', cert_no: '310101199801011234' } as const;
    expect(certHash({ ...base, cert_name: '张四' })).not.toBe(certHash(base));
    expect(certHash({ ...base, cert_no: '310101199801011235' })).not.toBe(certHash(base));
  });
});
