import { deemedServedOn, servedAt, serviceBasis, serviceEffect } from './e-service';

const sent = new Date('2026-03-02T02:00:00.000Z');
const read = new Date('2026-03-04T09:30:00.000Z');

describe('民事诉讼法 第九十条: service on an address the recipient confirmed', () => {
  it('takes effect when the message reaches the platform account, not when it is read', () => {
    expect(serviceEffect({ addressConfirmed: true })).toBe('on-arrival');
    expect(servedAt({ addressConfirmed: true, arrivedAt: sent, readAt: read })).toEqual(sent);
  });

  it('has taken effect even if the recipient never opens it', () => {
    expect(servedAt({ addressConfirmed: true, arrivedAt: sent })).toEqual(sent);
  });

  it('names the article on the proof of service', () => {
    expect(serviceBasis({ addressConfirmed: true })).toContain('民事诉讼法 第九十条');
  });
});

describe('在线诉讼规则 第二十九条至第三十三条: consent given, but the address not confirmed', () => {
  it('has not taken effect on arrival alone', () => {
    expect(serviceEffect({ addressConfirmed: false })).toBe('on-read');
    expect(servedAt({ addressConfirmed: false, arrivedAt: sent })).toBeUndefined();
  });

  it('takes effect when the system shows the recipient read it (已阅知)', () => {
    expect(servedAt({ addressConfirmed: false, arrivedAt: sent, readAt: read })).toEqual(read);
  });

  it('names the online litigation rules on the proof of service', () => {
    expect(serviceBasis({ addressConfirmed: false })).toContain('在线诉讼规则');
  });
});

describe('民事诉讼法 第九十五条: service by public notice', () => {
  it('is deemed served when thirty days have passed from publication, across a month end and not moved off a rest day', () => {
    expect(deemedServedOn('2026-03-02')).toBe('2026-04-01');
    expect(deemedServedOn('2026-01-31')).toBe('2026-03-02');
    // 2026-09-05 + 30 = 2026-10-05, inside the National Day holiday: a deemed service is not a party's last day.
    expect(deemedServedOn('2026-09-05')).toBe('2026-10-05');
  });
});
