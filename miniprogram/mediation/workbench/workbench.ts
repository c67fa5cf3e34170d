import { largeText } from '../../lib/large-text';
import { call } from '../../lib/call';
import { run } from '../../lib/page';
import { MEDIATION_PAGES } from '../roles';
import type { MediationDetailOutput } from '../../../cloudfunctions/_core/schemas/mediation';

type Summary = Extract<MediationDetailOutput, { view: 'mine' }>['mediations'][number];

/** Staff roles whose list is the workbench: the mediations they conduct, by the nearest deadline. */
const WORKBENCH_ROLES = ['mediator', 'mediation-office', 'judge'];

/**
 * 我的调解 / 调解工作台: a party's mediations, or the mediator's (and the mediation office's
 * applications to screen and assign), the nearest deadline first.
 */
Component({
  behaviors: [largeText],
  data: { workbench: false, rows: [] as Summary[], loading: false, error: '', fieldErrors: {} },
  lifetimes: {
    attached() {
      void this.refresh();
    },
  },
  methods: {
    async refresh() {
      const session = await run(this, () => call('session-info', {}));
      if (!session) return;
      const workbench = session.roles.some((r) => WORKBENCH_ROLES.includes(r));
      const answer = await run(this, () => call('mediation-detail', workbench ? { view: 'workbench' } : { view: 'mine' }));
      if (answer && answer.view !== 'one' && answer.view !== 'roster') this.setData({ workbench, rows: answer.mediations });
    },
    open(e: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      void wx.navigateTo({ url: MEDIATION_PAGES.mediation(e.currentTarget.dataset.id) });
    },
    apply() {
      void wx.navigateTo({ url: MEDIATION_PAGES.apply() });
    },
  },
});
