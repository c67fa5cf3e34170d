import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { pageOptions, run } from '../../lib/page';
import type { MediatorView } from '../../../cloudfunctions/_core/schemas/mediation';
import type * as z from 'zod';

type Mediator = z.infer<typeof MediatorView>;

/**
 * 调解员名册: the court's mediators with the profile 在线调解规则 第五条第二款 publishes (kind,
 * organisation, the cases they take, specialities, fee or free, the inviting court). Opened for a
 * mediation (`?id=`), the parties choose one together and the mediation office designates one.
 */
Component({
  behaviors: [largeText],
  data: {
    courts: [] as { label: string; value: string }[],
    courtId: '',
    mediators: [] as (Mediator & { feeText: string; rangeText: string; specialityText: string })[],
    forMediation: '',
    office: false,
    chosen: '',
    loading: false,
    error: '',
    fieldErrors: {},
  },
  lifetimes: {
    attached() {
      void this.load();
    },
  },
  methods: {
    async load() {
      const options = pageOptions();
      const [courts, session, one] = await Promise.all([
        run(this, () => call('court-list', {})),
        run(this, () => call('session-info', {})),
        options.id ? run(this, () => call('mediation-detail', { view: 'one', mediationId: options.id ?? '' })) : Promise.resolve(undefined),
      ]);
      if (!courts) return;
      // For a mediation: the roster of its own court (特邀 第十二条: the court that invited the mediator).
      const ofMediation = one?.view === 'one' ? courts.courts.find((c) => c.name === one.mediation.courtName)?.courtId : undefined;
      const courtId = ofMediation || options.court || courts.courts[0]?.courtId || '';
      this.setData({
        courts: courts.courts.map((c) => ({ label: c.name, value: c.courtId })),
        courtId,
        forMediation: options.id ?? '',
        office: Boolean(session?.roles.includes('mediation-office')),
      });
      await this.refresh();
    },
    async refresh() {
      const answer = await run(this, () => call('mediation-detail', { view: 'roster', courtId: this.data.courtId }));
      if (answer?.view === 'roster')
        this.setData({
          mediators: answer.mediators.map((m) => ({
            ...m,
            rangeText: m.caseRange.join('、'),
            specialityText: m.specialities.join('、'),
            feeText: m.fee.charged ? `收费${m.fee.note ? `：${m.fee.note}` : ''}` : '免费',
          })),
        });
    },
    async onCourt(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ courtId: e.detail.value });
      await this.refresh();
    },
    /** The parties' joint choice (调解规则 第十二条), or the office's designation. */
    async pick(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { mediator: string; name: string }>) {
      const { mediator, name } = e.currentTarget.dataset;
      const op = this.data.office ? 'designate' : 'choose';
      const answer = await run(this, () => call('mediation-assign', { op, requestId: newRequestId(), mediationId: this.data.forMediation, mediator }), {
        success: op === 'designate' ? '已指定' : '已选择',
      });
      if (answer) this.setData({ chosen: `${op === 'designate' ? '已指定' : '已选择'}调解员 ${name}${answer.step ? `，${answer.step.dueOn} 前接受` : ''}` });
    },
  },
});
