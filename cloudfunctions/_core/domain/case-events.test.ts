import { CaseEvents, eventLabel, isCaseEventType } from './case-events';

describe('the case event set', () => {
  it('gives every kind of event a Chinese label for the timeline', () => {
    for (const label of Object.values(CaseEvents)) expect(label).toMatch(/^[\u4e00-\u9fff（）]+$/);
  });

  it('labels a recorded event by its kind, and shows the name of a kind no longer in the set', () => {
    expect(eventLabel('fee.refund')).toBe('退还诉讼费');
    expect(eventLabel('fee.overdue')).toBe('fee.overdue');
    expect(isCaseEventType('toString')).toBe(false);
  });
});
