import type * as z from 'zod';
import { AID_BASIS, aidProblem, AidGrounds, AidKindLabels, feeAfterDecision, lateApplicationWarning, MIN_REDUCTION_PERCENT } from '#domain/judicial-aid';
import { chinaDate } from '#domain/time';
import { AppError, assert, attachUpload, notify, pages, type ActionContext } from '#runtime';
import type { AidApplicationView, AidFeeView, FeeAidInput, FeeAidOutput } from '#schemas/fees';
import { authorize } from './access';
import { changeCase } from './case-change';
import type { AidApplicationRecord, CaseRecord } from './records';

/*
 * 司法救助 on the case's fee (诉讼费用交纳办法 第四十四条至第五十一条). The plaintiff's side applies
 * with the complaint — while the fee notice of acceptance is open and unpaid — with proof of
 * hardship (第四十八条); one application at a time. The court (a registrar of the court, or the
 * presiding judge) decides: a refusal with written reasons; the fee notice follows the decision at
 * once (none when exempt, the reduced amount due in 7 days, a deferral's later day; refused, the
 * whole fee due in 7 days: 第二十二条). The grant stays on the fee (`fee.aid`) for the judgment to
 * state (第五十一条). An application made late (at the hearing, or past the fee's day) is outside
 * 第四十八条: it is warned, not blocked [M].
 */

const STATE_LABELS: Record<AidApplicationView['state'], string> = { applied: '待决定', granted: '准予', refused: '不予准许' };

function viewOf(a: AidApplicationRecord, record: Pick<CaseRecord, 'parties'>): AidApplicationView {
  const state = !a.decision ? 'applied' : a.decision.granted ? 'granted' : 'refused';
  const percent = a.decision?.percent ?? a.percent;
  return {
    applicationId: a.id,
    party: record.parties[a.party]?.name ?? '',
    kind: a.kind,
    kindLabel: AidKindLabels[a.kind],
    ground: AidGrounds[a.ground].label,
    ...(a.kind === 'reduction' && percent !== undefined ? { percent } : {}),
    ...((a.decision?.deferredTo ?? a.deferTo) ? { deferTo: a.decision?.deferredTo ?? a.deferTo } : {}),
    appliedOn: chinaDate(a.appliedAt),
    proofs: a.proofs.map((p) => ({ name: p.name, sha256: p.sha256 })),
    ...(a.warning ? { warning: a.warning } : {}),
    state,
    stateLabel: STATE_LABELS[state],
    ...(a.decision ? { decidedOn: chinaDate(a.decision.at) } : {}),
    ...(a.decision?.reason ? { reason: a.decision.reason } : {}),
  };
}

function feeView(fee: CaseRecord['fee']): AidFeeView {
  return {
    feeFen: fee.feeFen,
    dueOn: fee.dueOn,
    state: fee.state,
    ...(fee.aid
      ? {
          aid: {
            kind: fee.aid.kind,
            kindLabel: AidKindLabels[fee.aid.kind],
            assessedFen: fee.aid.assessedFen,
            ...(fee.aid.percent !== undefined ? { percent: fee.aid.percent } : {}),
            basis: AID_BASIS[fee.aid.kind],
          },
        }
      : {}),
  };
}

async function apply(input: Extract<z.output<typeof FeeAidInput>, { op: 'apply' }>, ctx: ActionContext): Promise<FeeAidOutput> {
  const { record, actor, grants } = await authorize(ctx, input.caseId, 'fee.aid-apply');
  const grant = grants.find((g) => g.via === 'case');
  const party = Number(grant?.via === 'case' ? grant.member.for : NaN);
  const stored = record.parties[party];
  assert(stored, 'FORBIDDEN', '您不是本案应预交诉讼费用的当事人');
  assert(record.state === 'accepted' || record.state === 'in-trial', 'STATE', '本案已审结，不能再申请司法救助');
  assert(record.fee.state === 'unpaid' && record.fee.feeFen > 0, 'STATE', '本案诉讼费用已交纳或无需交纳，无需申请司法救助');
  assert(!record.fee.outTradeNo, 'STATE', '您已发起网上缴费，如需申请司法救助请联系承办法院');
  assert(!record.fee.aid, 'STATE', '本案已获准司法救助');
  const applications = record.aidApplications ?? [];
  assert(!applications.some((a) => !a.decision), 'STATE', '您的司法救助申请正待法院决定，请勿重复申请');
  const problem = aidProblem({ kind: input.kind, ground: input.ground, partyKind: stored.kind, percent: input.percent });
  if (problem)
    throw new AppError('INVALID_INPUT', problem, { fields: { [input.kind === 'reduction' && input.percent !== undefined ? 'percent' : 'ground']: problem } });
  if (input.kind === 'deferral' && input.deferTo && input.deferTo <= record.fee.dueOn) {
    throw new AppError('INVALID_INPUT', `缓交的日期应晚于原定交费期限${record.fee.dueOn}`, { fields: { deferTo: '缓交日期应晚于原定交费期限' } });
  }
  const today = chinaDate(ctx.now);
  const hearingStarted = record.hearings.some((h) => h.state !== 'cancelled' && h.startsAt.getTime() <= ctx.now.getTime());
  const warning = lateApplicationWarning({ hearingStarted, feeDueOn: record.fee.dueOn, appliedOn: today });
  // Proof of hardship is the applicant's and the court's, not the other side's: kept with the application, not in the dossier.
  const proofs = await Promise.all(input.proofs.map((file) => attachUpload(ctx.cloud, ctx.caller.openid, file, `cases/${record._id}/aid`)));
  const application: AidApplicationRecord = {
    id: `aid-${applications.length + 1}`,
    party,
    by: ctx.caller.openid,
    kind: input.kind,
    ground: input.ground,
    ...(input.kind === 'reduction' && input.percent !== undefined ? { percent: input.percent } : {}),
    ...(input.kind === 'deferral' && input.deferTo ? { deferTo: input.deferTo } : {}),
    facts: input.facts,
    proofs,
    appliedAt: ctx.now,
    ...(warning ? { warning } : {}),
  };
  return ctx.commit(async (tx) => {
    await changeCase(tx, record._id, ctx.now, (current) => {
      assert(!(current.aidApplications ?? []).some((a) => !a.decision), 'CONFLICT', '您的司法救助申请正待法院决定，请勿重复申请');
      return {
        event: {
          action: 'fee.aid-applied',
          ...actor,
          data: { applicationId: application.id, kind: input.kind, ground: input.ground, late: Boolean(warning) },
          requestId: input.requestId,
        },
        update: { aidApplications: ctx.db.command.push([application]) },
      };
    });
    return { op: 'apply' as const, application: viewOf(application, record) };
  });
}

async function decide(input: Extract<z.output<typeof FeeAidInput>, { op: 'decide' }>, ctx: ActionContext): Promise<FeeAidOutput> {
  const { record, actor } = await authorize(ctx, input.caseId, 'fee.aid-decide');
  const at = (record.aidApplications ?? []).findIndex((a) => a.id === input.applicationId);
  const application = record.aidApplications?.[at];
  assert(application, 'NOT_FOUND', '未找到该司法救助申请');
  assert(!application.decision, 'STATE', '该申请已有决定');
  const grant = input.decision === 'grant';
  // 第四十八条: a refusal is in writing, with reasons.
  if (!grant && !input.reason)
    throw new AppError('INVALID_INPUT', '不予准许司法救助须书面写明理由（诉讼费用交纳办法 第四十八条）', { fields: { reason: '请写明理由' } });
  const percent = application.kind === 'reduction' ? (input.percent ?? application.percent ?? MIN_REDUCTION_PERCENT) : undefined;
  if (grant && percent !== undefined && percent < MIN_REDUCTION_PERCENT) {
    throw new AppError('INVALID_INPUT', `减交比例不得低于${MIN_REDUCTION_PERCENT}%（诉讼费用交纳办法 第四十六条）`, {
      fields: { percent: '减交比例不得低于30%' },
    });
  }
  const deferredTo = application.kind === 'deferral' ? (input.deferredTo ?? application.deferTo) : undefined;
  if (grant && application.kind === 'deferral' && (!deferredTo || deferredTo <= chinaDate(ctx.now))) {
    throw new AppError('INVALID_INPUT', '准予缓交须写明缓交至的日期（应晚于今日）', { fields: { deferredTo: '请填写缓交至的日期' } });
  }
  const decidedOn = chinaDate(ctx.now);
  const feeBefore = { feeFen: record.fee.feeFen, dueOn: record.fee.dueOn };
  const after = feeAfterDecision(feeBefore, grant ? { granted: true, kind: application.kind, percent, deferredTo } : { granted: false }, decidedOn);
  const decision = {
    granted: grant,
    ...(grant && percent !== undefined ? { percent } : {}),
    ...(grant && deferredTo ? { deferredTo } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    by: ctx.caller.openid,
    at: ctx.now,
    feeBefore,
  };
  const aid = grant
    ? {
        kind: application.kind,
        assessedFen: feeBefore.feeFen,
        ...(percent !== undefined ? { percent } : {}),
        ...(deferredTo ? { deferredTo } : {}),
        decidedOn,
        applicationId: application.id,
      }
    : undefined;
  const fee: CaseRecord['fee'] = {
    ...record.fee,
    feeFen: after.feeFen,
    dueOn: after.dueOn,
    state: after.feeFen === 0 ? 'paid' : 'unpaid',
    ...(aid ? { aid } : {}),
  };
  const decided = { ...application, decision };
  const answer = await ctx.commit(async (tx) => {
    await changeCase(tx, record._id, ctx.now, (current) => {
      const now = current.aidApplications?.[at];
      assert(now?.id === application.id && !now.decision, 'CONFLICT', '该申请已由他人决定，请刷新后查看');
      assert(current.fee.state === 'unpaid' && !current.fee.outTradeNo, 'STATE', '诉讼费用已发起缴费或已交纳，请刷新后查看');
      return {
        event: {
          action: 'fee.aid-decided',
          ...actor,
          data: {
            applicationId: application.id,
            kind: application.kind,
            granted: grant,
            ...(percent !== undefined && grant ? { percent } : {}),
            ...(deferredTo && grant ? { deferredTo } : {}),
            feeFen: after.feeFen,
            dueOn: after.dueOn,
          },
          requestId: input.requestId,
        },
        update: {
          [`aidApplications.${at}.decision`]: decision,
          'fee.feeFen': fee.feeFen,
          'fee.dueOn': fee.dueOn,
          'fee.state': fee.state,
          ...(aid ? { 'fee.aid': aid } : {}),
        },
      };
    });
    return { op: 'decide' as const, application: viewOf(decided, record), fee: feeView(fee) };
  });
  const outcome = grant ? `准予${AidKindLabels[application.kind]}` : `不予准许司法救助：${input.reason ?? ''}`;
  await notify(ctx, [
    {
      template: 'MC_TPL_CASE_PROGRESS',
      touser: application.by,
      page: pages.caseDetail(record._id),
      values: { caseNumber: record.caseNumber, progress: outcome },
    },
  ]);
  return answer;
}

async function view(input: Extract<z.output<typeof FeeAidInput>, { op: 'view' }>, ctx: ActionContext): Promise<FeeAidOutput> {
  const { record } = await authorize(ctx, input.caseId, 'fee.aid-read');
  return { op: 'view', applications: (record.aidApplications ?? []).map((a) => viewOf(a, record)), fee: feeView(record.fee) };
}

/** 司法救助: apply, decide, view. */
export async function judicialAid(input: z.output<typeof FeeAidInput>, ctx: ActionContext): Promise<FeeAidOutput> {
  switch (input.op) {
    case 'apply':
      return apply(input, ctx);
    case 'decide':
      return decide(input, ctx);
    case 'view':
      return view(input, ctx);
  }
}
