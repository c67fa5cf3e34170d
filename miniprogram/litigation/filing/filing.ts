import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { yuan } from '../../lib/format';
import { run } from '../../lib/page';
import { partyErrors, toFilingParty, type PartyDraft } from '../../components/party-form/party-form';

const STEPS = ['当事人', '诉讼请求', '证据', '送达地址', '确认提交'];

interface EvidenceDraft {
  title: string;
  proves: string;
  file?: string;
  name: string;
  progress: number;
}

type ProofKind = 'business-licence' | 'representative-certificate' | 'authorisation';

interface Draft {
  /** A lawyer filing for the first plaintiff, with the power of attorney uploaded. */
  agent: { on: boolean; file?: string; name?: string };
  /** Filing for a company plaintiff (the first party): as its legal representative or its authorised agent, with the papers. */
  representation: { capacity: 'legal-representative' | 'authorised-agent'; proofs: { kind: ProofKind; file: string; name: string }[] };
  courtId: string;
  cause: string;
  parties: PartyDraft[];
  claims: { text: string; amountFen: number | null }[];
  facts: string;
  evidence: EvidenceDraft[];
  service: { consent: boolean; mobile: string; addressConfirmed: boolean };
}

const emptyDraft = (): Draft => ({
  agent: { on: false },
  representation: { capacity: 'legal-representative', proofs: [] },
  courtId: '',
  cause: '',
  parties: [
    { kind: 'natural', role: 'plaintiff', name: '', address: '' },
    { kind: 'legal', role: 'defendant', name: '', address: '' },
  ],
  claims: [{ text: '', amountFen: null }],
  facts: '',
  evidence: [],
  service: { consent: true, mobile: '', addressConfirmed: true },
});

const PROOF_LABELS: Record<ProofKind, string> = {
  'business-licence': '营业执照',
  'representative-certificate': '法定代表人身份证明书',
  authorisation: '授权委托书',
};

/** The filer acts for the first plaintiff as a company's representative or employee (not as a lawyer). */
export function actsForCompany(draft: Draft): boolean {
  return !draft.agent.on && draft.parties[0]?.kind === 'legal';
}

/** What blocks going on from a step, in the words a first-time litigant understands. */
export function stepProblems(step: number, draft: Draft): string[] {
  const problems: string[] = [];
  if (step === 0) {
    if (!draft.courtId) problems.push('请选择法院');
    if (draft.cause.trim().length < 2) problems.push('请填写案由，例如“买卖合同纠纷”');
    draft.parties.forEach((p, i) => {
      if (Object.keys(partyErrors(p)).length > 0) problems.push(`请完善第${i + 1}位当事人的信息`);
    });
    if (draft.agent.on && !draft.agent.file) problems.push('代理起诉请上传授权委托书');
    // 登记立案规定 第六条: the court asks for the papers it lacks; the wizard says so before it does.
    if (actsForCompany(draft)) {
      const supplied = new Set(draft.representation.proofs.map((p) => p.kind));
      const needed: ProofKind[] = [
        'business-licence',
        draft.representation.capacity === 'legal-representative' ? 'representative-certificate' : 'authorisation',
      ];
      for (const kind of needed) if (!supplied.has(kind)) problems.push(`请上传${PROOF_LABELS[kind]}，证明您可以代表原告单位起诉`);
    }
  }
  if (step === 1) {
    if (draft.claims.every((c) => c.text.trim().length < 2)) problems.push('请至少填写一项诉讼请求');
    if (draft.facts.trim().length < 20) problems.push('事实与理由请具体说明（至少20字）');
  }
  if (step === 2 && draft.evidence.some((e) => e.file === undefined)) problems.push('请等待证据上传完成');
  if (step === 3 && !/^1[3-9]\d{9}$/.test(draft.service.mobile)) problems.push('请填写接收送达的手机号码');
  return problems;
}

/** 我要立案: the filing wizard, with drafts saved on the server and resumed. */
Component({
  behaviors: [largeText],
  data: {
    steps: STEPS,
    step: 0,
    draft: emptyDraft(),
    draftId: '',
    courts: [] as { label: string; value: string }[],
    uploadDir: '',
    lawyer: false,
    problems: [] as string[],
    capacities: [
      { label: '我是该单位的法定代表人', value: 'legal-representative' },
      { label: '我受该单位委托（员工等）', value: 'authorised-agent' },
    ],
    feePreview: '',
    filed: null as { filingId: string; reviewDueOn: string } | null,
    loading: false,
    error: '',
    fieldErrors: {} as Record<string, string>,
  },
  lifetimes: {
    async attached() {
      const [courts, session, drafts] = await Promise.all([
        run(this, () => call('court-list', {})),
        run(this, () => call('session-info', {})),
        run(this, () => call('filing-draft', {})),
      ]);
      const latest = drafts?.drafts[0];
      this.setData({
        courts: (courts?.courts ?? []).map((c) => ({ label: c.name, value: c.courtId })),
        uploadDir: session?.uploadDir ?? '',
        lawyer: session?.roles.includes('lawyer') ?? false,
        ...(latest ? { draft: { ...emptyDraft(), ...(latest.draft as Partial<Draft>) }, draftId: latest.draftId } : {}),
      });
    },
  },
  methods: {
    set(path: string, value: unknown) {
      this.setData({ [`draft.${path}`]: value, problems: [] });
    },
    onCourt(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.set('courtId', e.detail.value);
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.set((e.currentTarget.dataset as { path: string }).path, e.detail.value);
    },
    onParty(e: WechatMiniprogram.CustomEvent<{ index: number; party: PartyDraft }>) {
      this.set(`parties[${e.detail.index}]`, e.detail.party);
    },
    onClaimAmount(e: WechatMiniprogram.CustomEvent<{ fen: number | null }>) {
      this.set(`claims[${(e.currentTarget.dataset as { index: number }).index}].amountFen`, e.detail.fen);
    },
    addClaim() {
      this.set('claims', [...this.data.draft.claims, { text: '', amountFen: null }]);
    },
    onConsent(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.set('service.consent', e.detail.checked);
    },
    onAgent(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.set('agent', { on: e.detail.checked });
    },
    onCapacity(e: WechatMiniprogram.CustomEvent<{ value: 'legal-representative' | 'authorised-agent' }>) {
      this.set('representation.capacity', e.detail.value);
    },
    async addProof(e: WechatMiniprogram.CustomEvent) {
      const kind = (e.currentTarget.dataset as { kind: ProofKind }).kind;
      const file = await this.pick();
      if (!file) return;
      wx.cloud.uploadFile({
        cloudPath: `${this.data.uploadDir}/${Date.now()}-${file.name}`,
        filePath: file.path,
        success: (res) =>
          this.set('representation.proofs', [
            ...this.data.draft.representation.proofs.filter((p) => p.kind !== kind),
            { kind, file: res.fileID, name: file.name },
          ]),
        fail: () => this.setData({ error: `${PROOF_LABELS[kind]}上传失败，请重试` }),
      });
    },
    async addPowerOfAttorney() {
      const file = await this.pick();
      if (!file) return;
      this.set('agent', { on: true, name: file.name });
      wx.cloud.uploadFile({
        cloudPath: `${this.data.uploadDir}/${Date.now()}-${file.name}`,
        filePath: file.path,
        success: (res) => this.setData({ 'draft.agent.file': res.fileID }),
        fail: () => this.setData({ error: '授权委托书上传失败，请重试' }),
      });
    },
    async pick(): Promise<{ path: string; name: string } | null> {
      try {
        const chosen = await wx.chooseMessageFile({ count: 1, type: 'file', extension: ['pdf', 'jpg', 'jpeg', 'png', 'doc', 'docx'] });
        const picked = chosen.tempFiles[0];
        return picked ? { path: picked.path, name: picked.name } : null;
      } catch {
        return null;
      }
    },
    async addEvidence() {
      const file = await this.pick();
      if (!file) return;
      const index = this.data.draft.evidence.length;
      this.set('evidence', [...this.data.draft.evidence, { title: file.name.replace(/\.[^.]+$/, ''), proves: '', name: file.name, progress: 0 }]);
      const task = wx.cloud.uploadFile({
        cloudPath: `${this.data.uploadDir}/${Date.now()}-${file.name}`,
        filePath: file.path,
        success: (res) => this.setData({ [`draft.evidence[${index}].file`]: res.fileID, [`draft.evidence[${index}].progress`]: 100 }),
        fail: () => this.setData({ error: `证据「${file.name}」上传失败，请重试` }),
      });
      task?.onProgressUpdate?.((p) => this.setData({ [`draft.evidence[${index}].progress`]: p.progress }));
    },
    async saveDraft() {
      const saved = await run(
        this,
        () =>
          call('filing-draft', {
            requestId: newRequestId(),
            ...(this.data.draftId ? { draftId: this.data.draftId } : {}),
            draft: this.data.draft as unknown as Record<string, unknown>,
          }),
        { success: '草稿已保存' },
      );
      if (saved?.drafts[0]) this.setData({ draftId: saved.drafts[0].draftId });
    },
    async next() {
      const problems = stepProblems(this.data.step, this.data.draft);
      if (problems.length > 0) {
        this.setData({ problems });
        return;
      }
      const step = this.data.step + 1;
      this.setData({ step, problems: [] });
      if (step === STEPS.length - 1) await this.preview();
    },
    back() {
      this.setData({ step: Math.max(0, this.data.step - 1), problems: [] });
    },
    async preview() {
      const amountFen = this.data.draft.claims.reduce((sum, c) => sum + (c.amountFen ?? 0), 0);
      const fee = await run(this, () => call('fee-calc', amountFen > 0 ? { category: 'property', amountFen } : { category: 'other-non-property' }));
      if (fee) this.setData({ feePreview: yuan(fee.feeFen) });
    },
    async submit() {
      const d = this.data.draft;
      const filed = await run(
        this,
        () =>
          call('filing-submit', {
            requestId: newRequestId(),
            courtId: d.courtId,
            caseType: 'civil-first-instance',
            cause: d.cause.trim(),
            parties: d.parties.map(toFilingParty),
            claims: d.claims
              .filter((c) => c.text.trim().length >= 2)
              .map((c) => ({ text: c.text.trim(), ...(c.amountFen !== null ? { amountFen: c.amountFen } : {}) })),
            facts: d.facts.trim(),
            evidence: d.evidence.map((e) => ({ title: e.title, proves: e.proves || '证明案件事实', ...(e.file ? { file: e.file } : {}) })),
            service: d.service,
            ...(d.agent.on && d.agent.file ? { agent: { forParty: 0, powerOfAttorney: d.agent.file } } : {}),
            ...(actsForCompany(d)
              ? {
                  representation: {
                    forParty: 0,
                    capacity: d.representation.capacity,
                    proofs: d.representation.proofs.map((p) => ({ kind: p.kind, file: p.file })),
                  },
                }
              : {}),
          }),
        { loading: '正在提交', success: '已提交' },
      );
      if (filed) this.setData({ filed: { filingId: filed.filingId, reviewDueOn: filed.reviewDueOn } });
    },
    openCases() {
      wx.redirectTo({ url: '/litigation/cases/cases' });
    },
  },
});
