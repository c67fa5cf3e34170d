import { seedDemo } from '../../scripts/lib/demo';
import { DEMO_COMPANY, DEMO_PARTIES } from '../../scripts/lib/seed';
import { callFunction, emulatorUrl, ok, resetEmulator } from '../support/emulator';

// The demo brings cases into their states with the real clock, as `npm start` does.
beforeEach(() => resetEmulator(null));

describe('the demo', () => {
  it('the company defendant joins its case by its credit code through its registered legal representative, recognised by the judge, and a refused filer sees why', async () => {
    await seedDemo(emulatorUrl(), () => undefined);
    const [hu, , wu] = DEMO_PARTIES;
    // The representative verified as the person he is, not under a name decorated with the company.
    expect(wu?.name).toBe(DEMO_COMPANY.representative);

    const cases = ok(await callFunction('case-list', { view: 'cases' }, wu?.openid));
    expect(cases.items).toEqual([expect.objectContaining({ myRoles: ['defendant'], stateLabel: '审理中' })]);
    const joined = ok(await callFunction('case-detail', { caseId: cases.items[0]?.id ?? '' }, wu?.openid));
    expect(joined.parties).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'defendant', name: DEMO_COMPANY.name, uscc: DEMO_COMPANY.uscc })]));
    expect(joined.representation).toEqual([
      expect.objectContaining({ party: DEMO_COMPANY.name, capacity: '法定代表人', actorName: wu?.name, missing: [], state: 'examined' }),
    ]);

    const filings = ok(await callFunction('case-list', { view: 'filings' }, hu?.openid));
    const refused = filings.items.find((item) => item.state === 'refused');
    const detail = ok(await callFunction('case-detail', { caseId: refused?.id ?? '' }, hu?.openid));
    expect(detail.refusal).toMatchObject({ reasons: expect.stringContaining('仲裁'), rulingDocumentId: 'refusal-ruling', appealDueOn: expect.any(String) });
    expect(detail.deadlines).toEqual([expect.objectContaining({ label: '不服裁定的上诉期' })]);
  });
});
