import * as z from 'zod';
import { caseFee, feeDueOn } from '#domain/filing';
import { adjournmentLimit } from '#domain/hearings';
import { chinaDate } from '#domain/time';
import { daysLeft } from '#domain/deadlines';
import { ExcludedKinds, extensionApprover, extensionRefusal, extensionWindow, LimitProcedures, limitExpiry } from '#domain/trial-limits';
import {
  AppError,
  assert,
  canonicalJson,
  findById,
  invalidField,
  MAX_PAGE,
  notify,
  pages,
  query,
  readWithCaller,
  sha256Hex,
  type ActionContext,
} from '#runtime';
import type { DeliberationInput, DeliberationOutput, LimitRequestView, LimitView, TrialLimitInput, TrialLimitOutput } from '#schemas/management';
import { authorize, authorizeInOwnCourt, authorizeOn } from './access';
import { changeCase } from './case-change';
import type { CaseRecord, DeliberationRecord, LimitRecord, LimitRequestRecord } from './records';
import { partyMembers } from './service';

/*
 * 审限管理 (legal-rules-2 §4): each case's limit from its procedure, the extensions and periods not
 * counted that the president approved, the requests in the president's inbox, and the change from
 * simplified to ordinary procedure. The parties see the limit with every extension and deduction
 * (延长审限规定 第七条; 流程公开规定 第七条第（四）项); the requests themselves are the court's.
 */

/** The case's limit as recorded, or as it stands from its filing for a case accepted before limits were managed. */
export function limitOf(record: Pick<CaseRecord, 'procedure' | 'filedOn' | 'limit'>): LimitRecord {
  return record.limit ?? { procedure: record.procedure, extensions: [], excluded: [] };
}

function expiryOf(record: Pick<CaseRecord, 'filedOn'>, limit: LimitRecord): { expiresOn: string; basis: string[] } {
  return limitExpiry({ procedure: limit.procedure, filedOn: record.filedOn, extensions: limit.extensions, excluded: limit.excluded });
}

function viewOf(record: CaseRecord, limit: LimitRecord, today: string): LimitView {
  const { expiresOn, basis } = expiryOf(record, limit);
  const adjourned = record.hearings.reduce((sum, h) => sum + (h.adjourned ?? 0), 0);
  return {
    caseId: record._id,
    caseNumber: record.caseNumber,
    procedure: limit.procedure,
    procedureLabel: LimitProcedures[limit.procedure].label,
    filedOn: record.filedOn,
    expiresOn,
    ...extensionWindow(expiresOn),
    daysLeft: daysLeft(today, expiresOn),
    extensions: limit.extensions.map((e) => ({ months: e.months, approvedOn: e.approvedOn, approver: e.approver })),
    excluded: limit.excluded.map((e) => ({
      type: e.type,
      label: ExcludedKinds[e.type].label,
      from: e.from,
      to: e.to,
      days: daysBetween(e.from, e.to),
      basis: ExcludedKinds[e.type].basis,
      approvedOn: e.approvedOn,
    })),
    adjournments: { used: adjourned, allowed: adjournmentLimit(limit.procedure === 'ordinary' ? 'ordinary' : 'simplified') },
    ...(limit.conversion ? { conversion: limit.conversion } : {}),
    basis,
  };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function requestView(r: LimitRequestRecord): LimitRequestView {
  return {
    limitRequestId: r._id,
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    kind: r.kind,
    ...(r.months !== undefined ? { months: r.months } : {}),
    ...(r.exclusion ? { exclusion: { ...r.exclusion, label: ExcludedKinds[r.exclusion.type].label } } : {}),
    reasons: r.reasons,
    requestedOn: r.requestedOn,
    expiresOn: r.expiresOn,
    decideBy: r.decideBy,
    approver: r.approver,
    state: r.state,
    ...(r.decision ? { decision: { on: r.decision.on, ...(r.decision.reason ? { reason: r.decision.reason } : {}) } } : {}),
  };
}

const casePermissionOf = { view: 'case.read', request: 'limit.request', decide: 'limit.decide', convert: 'limit.request' } as const;

/** 审限管理: one function, five operations. */
export async function manageTrialLimit(input: z.output<typeof TrialLimitInput>, ctx: ActionContext): Promise<TrialLimitOutput> {
  const today = chinaDate(ctx.now);
  if (input.op === 'inbox') {
    const { courtId } = await authorizeInOwnCourt(ctx, 'limit.inbox');
    // 延长审限规定 第一条: a second extension of ordinary procedure goes to the higher court, whose president sees it too.
    const rows = await query<LimitRequestRecord>(
      ctx.db
        .collection('limit_requests')
        .where(
          ctx.db.command.or([
            { courtId, state: 'pending', approver: 'president' },
            { higherCourtId: courtId, state: 'pending', approver: 'higher-court' },
          ]),
        )
        .orderBy('decideBy', 'asc')
        .limit(100),
    );
    return { op: 'inbox', requests: rows.map(requestView) };
  }
  if (input.op === 'view') {
    const { record } = await authorize(ctx, input.caseId, 'case.read');
    const staff =
      record.members.some((m) => m.openid === ctx.caller.openid && ['presiding-judge', 'panel-member', 'clerk'].includes(m.role)) ||
      ctx.caller.staff?.courtId === record.courtId;
    const requests = staff
      ? await query<LimitRequestRecord>(ctx.db.collection('limit_requests').where({ caseId: record._id }).orderBy('requestedAt', 'asc').limit(50))
      : [];
    return { op: 'view', limit: viewOf(record, limitOf(record), today), requests: requests.map(requestView) };
  }
  if (input.op === 'request') {
    const { record, actor } = await authorize(ctx, input.caseId, casePermissionOf.request);
    assert(record.state === 'accepted' || record.state === 'in-trial', 'STATE', '本案已结案，不能再申请变更审限');
    const limit = limitOf(record);
    const { expiresOn } = expiryOf(record, limit);
    const window = extensionWindow(expiresOn);
    const approver = input.kind === 'extension' ? extensionApprover(limit.procedure, limit.extensions) : 'president';
    if (input.kind === 'extension') {
      // 延长审限规定 第一条: the application is made at least 15 days before the limit expires.
      assert(
        today <= window.requestBy,
        'STATE',
        `延长审限应在审限届满 15 日前（${window.requestBy} 前）提出，本案审限 ${expiresOn} 届满，今日已逾期（最高人民法院关于进一步严格执行延长审限规定 第一条）`,
      );
      const refusal = extensionRefusal(limit.procedure, [...limit.extensions, { months: input.months ?? 0 }]);
      if (refusal) throw invalidField('months', refusal);
    } else if (input.exclusion) {
      if (input.exclusion.to < input.exclusion.from) throw invalidField('exclusion', '扣除期间的结束日早于开始日');
    }
    const higherCourtId =
      approver === 'higher-court'
        ? ((await findById<{ higherCourtId?: string }>(ctx.db, 'courts', record.courtId, { higherCourtId: true }))?.higherCourtId ?? '')
        : undefined;
    const request: LimitRequestRecord = {
      _id: `${record._id}:limit:${ctx.requestId ?? ctx.now.getTime().toString(36)}`,
      caseId: record._id,
      caseNumber: record.caseNumber,
      courtId: record.courtId,
      ...(higherCourtId !== undefined ? { higherCourtId } : {}),
      kind: input.kind,
      ...(input.kind === 'extension' ? { months: input.months } : {}),
      ...(input.kind === 'exclusion' && input.exclusion ? { exclusion: input.exclusion } : {}),
      reasons: input.reasons,
      requestedBy: ctx.caller.openid,
      requestedAt: ctx.now,
      requestedOn: today,
      expiresOn,
      decideBy: window.decideBy,
      approver,
      state: 'pending',
    };
    return ctx.commit(async (tx) => {
      await tx.collection('limit_requests').add({ data: request });
      await changeCase(tx, record._id, ctx.now, () => ({
        event: { action: 'limit.requested', ...actor, data: { limitRequestId: request._id, kind: input.kind, approver }, requestId: input.requestId },
      }));
      return { op: 'request' as const, request: requestView(request) };
    });
  }
  if (input.op === 'decide') {
    const request = await findById<LimitRequestRecord>(ctx.db, 'limit_requests', input.limitRequestId);
    const record = await readWithCaller<CaseRecord>(ctx, 'cases', input.caseId);
    if (!record || !request || request.caseId !== record._id) throw new AppError('FORBIDDEN', '您无权审批该审限申请');
    // The higher court's president decides a second extension of ordinary procedure; the case's own president the rest.
    const { actor } =
      request.approver === 'higher-court'
        ? authorizeOn(ctx, { courtId: record.courtId, members: [], higherCourtId: request.higherCourtId ?? '' }, 'limit.decide-higher')
        : authorizeOn(ctx, record, 'limit.decide');
    assert(request.state === 'pending', 'STATE', '该申请已审批');
    const limit = limitOf(record);
    const { expiresOn } = expiryOf(record, limit);
    if (input.decision === 'approve' && request.kind === 'extension') {
      // 延长审限规定 第一条: the decision is made at least 5 days before expiry.
      const { decideBy } = extensionWindow(expiresOn);
      assert(today <= decideBy, 'STATE', `延长审限应在审限届满 5 日前（${decideBy} 前）作出决定，已逾期`);
      const refusal = extensionRefusal(limit.procedure, [...limit.extensions, { months: request.months ?? 0 }]);
      assert(!refusal, 'STATE', refusal ?? '');
    }
    const next: LimitRecord =
      input.decision === 'refuse'
        ? limit
        : request.kind === 'extension'
          ? {
              ...limit,
              extensions: [
                ...limit.extensions,
                { months: request.months ?? 0, approvedOn: today, approver: request.approver, approvedBy: ctx.caller.openid, requestId: request._id },
              ],
            }
          : {
              ...limit,
              excluded: [
                ...limit.excluded,
                ...(request.exclusion ? [{ ...request.exclusion, approvedOn: today, approvedBy: ctx.caller.openid, requestId: request._id }] : []),
              ],
            };
    const decided: LimitRequestRecord = {
      ...request,
      state: input.decision === 'approve' ? 'approved' : 'refused',
      decision: { by: ctx.caller.openid, at: ctx.now, on: today, ...(input.reason ? { reason: input.reason } : {}) },
    };
    const newExpiry = expiryOf(record, next).expiresOn;
    const result = await ctx.commit(async (tx) => {
      const current = await findById<LimitRequestRecord>(tx, 'limit_requests', request._id);
      assert(current?.state === 'pending', 'STATE', '该申请已审批');
      const { _id, ...rest } = decided;
      await tx.collection('limit_requests').doc(_id).set({ data: rest });
      await changeCase(tx, record._id, ctx.now, () => ({
        event: {
          action: 'limit.decided',
          ...actor,
          data: { limitRequestId: request._id, decision: input.decision, expiresOn: newExpiry, ...(input.reason ? { reason: input.reason } : {}) },
          requestId: input.requestId,
        },
        update: input.decision === 'approve' ? { limit: next, trialLimitOn: newExpiry } : {},
      }));
      return { op: 'decide' as const, request: requestView(decided), limit: viewOf({ ...record, limit: next }, next, today) };
    });
    if (input.decision === 'approve') {
      // 延长审限规定 第七条: the parties are told of an extension or a deduction.
      const label =
        request.kind === 'extension'
          ? `审限延长 ${request.months ?? 0} 个月`
          : `扣除审限（${request.exclusion ? ExcludedKinds[request.exclusion.type].label : ''}）`;
      await notify(
        ctx,
        partyMembers(record, ctx.now).map((m) => ({
          template: 'MC_TPL_CASE_PROGRESS' as const,
          touser: m.openid,
          page: pages.caseDetail(record._id),
          values: { caseNumber: record.caseNumber, progress: `${label}，审限届满日 ${newExpiry}` },
        })),
      );
    }
    return result;
  }
  // convert: simplified → ordinary (民诉法解释 第二百五十八条): the limit keeps its start; the other half of the fee is due in 7 days (民诉法解释 第一百九十九条).
  const { record, actor } = await authorize(ctx, input.caseId, casePermissionOf.convert);
  assert(record.state === 'accepted' || record.state === 'in-trial', 'STATE', '本案已结案，不能转换程序');
  const limit = limitOf(record);
  assert(limit.procedure === 'simplified', 'STATE', '只有适用简易程序的案件可以转为普通程序');
  const { expiresOn } = expiryOf(record, limit);
  assert(today <= expiresOn, 'STATE', `简易程序审限已于 ${expiresOn} 届满，应在审限届满前裁定转为普通程序`);
  const ordinaryFee = caseFee({ feeKind: record.feeKind, amountFen: record.amountFen, procedure: 'ordinary' }).feeFen;
  const feeDueFen = Math.max(0, ordinaryFee - record.fee.feeFen);
  // A party's period: 7 days from the day after the notice, its last day moved off a rest day (民事诉讼法 第八十五条), as for the first fee.
  const conversionFeeDueOn = feeDueOn(today);
  const next: LimitRecord = {
    procedure: 'ordinary',
    extensions: [],
    excluded: limit.excluded,
    conversion: { on: today, from: 'simplified', feeDueFen, feeDueOn: conversionFeeDueOn },
  };
  const newExpiry = expiryOf(record, next).expiresOn;
  const result = await ctx.commit(async (tx) => {
    await changeCase(tx, record._id, ctx.now, (current) => {
      assert(current.procedure === 'simplified', 'STATE', '本案已转为普通程序');
      return {
        event: {
          action: 'procedure.converted',
          ...actor,
          data: { from: 'simplified', to: 'ordinary', expiresOn: newExpiry, feeDueFen, feeDueOn: conversionFeeDueOn, reasons: input.reasons },
          requestId: input.requestId,
        },
        update: { procedure: 'ordinary', limit: next, trialLimitOn: newExpiry },
      };
    });
    return { op: 'convert' as const, limit: viewOf({ ...record, procedure: 'ordinary', limit: next }, next, today) };
  });
  await notify(
    ctx,
    partyMembers(record, ctx.now).map((m) => ({
      template: 'MC_TPL_CASE_PROGRESS' as const,
      touser: m.openid,
      page: pages.caseDetail(record._id),
      values: { caseNumber: record.caseNumber, progress: `转为普通程序，审限届满日 ${newExpiry}` },
    })),
  );
  return result;
}

const DELIBERATION_ROLE_LABELS: Record<string, string> = { 'presiding-judge': '审判长', 'panel-member': '合议庭成员', clerk: '书记员', president: '院长' };

function entryOf(d: DeliberationRecord): DeliberationOutput extends infer O ? (O extends { op: 'record'; entry: infer E } ? E : never) : never {
  return {
    deliberationId: d._id,
    question: d.question,
    note: d.note,
    ...(d.vote ? { vote: d.vote } : {}),
    byName: d.byName,
    byRole: DELIBERATION_ROLE_LABELS[d.byRole] ?? d.byRole,
    at: d.at.toISOString(),
    hash: d.hash,
  };
}

/**
 * 合议: the panel records notes and votes; the panel and the president read them. They live in
 * their own collection, hashed one onto the other, and never in the case's documents or events:
 * no party-facing answer can carry them. A stranger with an entry's id reads nothing.
 */
export async function deliberate(input: z.output<typeof DeliberationInput>, ctx: ActionContext): Promise<DeliberationOutput> {
  if (input.op === 'read') {
    const { record } = await authorize(ctx, input.caseId, 'deliberation.read');
    const rows = await query<DeliberationRecord>(
      ctx.db
        .collection('deliberations')
        .where(input.deliberationId ? { caseId: record._id, _id: input.deliberationId } : { caseId: record._id })
        .orderBy('seq', 'asc')
        .limit(MAX_PAGE),
    );
    const tally = { agree: 0, disagree: 0, abstain: 0 };
    for (const row of rows) if (row.vote) tally[row.vote] += 1;
    return { op: 'read', entries: rows.map(entryOf), tally };
  }
  const { record, actor } = await authorize(ctx, input.caseId, 'deliberation.write');
  assert(record.state === 'accepted' || record.state === 'in-trial', 'STATE', '本案已结案，合议笔录不能再添加');
  return ctx.commit(async (tx) => {
    // The head (the last entry's seq and hash) is one document, read and written in the transaction: two entries racing meet there.
    const headId = `${record._id}:delib:head`;
    const prev = await findById<{ seq: number; hash: string }>(tx, 'deliberations', headId);
    const seq = (prev?.seq ?? 0) + 1;
    const body = {
      caseId: record._id,
      courtId: record.courtId,
      seq,
      question: input.question,
      note: input.note,
      ...(input.vote ? { vote: input.vote } : {}),
      by: ctx.caller.openid,
      byName: ctx.caller.user?.name ?? '',
      byRole: String(actor.actorRole),
      at: ctx.now,
      prevHash: prev?.hash ?? '',
    };
    const hash = sha256Hex(canonicalJson({ ...body, at: ctx.now.toISOString() }));
    const row: DeliberationRecord = { _id: `${record._id}:delib:${seq}`, ...body, hash };
    await tx.collection('deliberations').add({ data: row });
    await tx
      .collection('deliberations')
      .doc(headId)
      .set({ data: { head: record._id, seq, hash } });
    return { op: 'record' as const, entry: entryOf(row) };
  });
}
