import { servedAt, serviceBasis, serviceEffect } from './e-service';

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
