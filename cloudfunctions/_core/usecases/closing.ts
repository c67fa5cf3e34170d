import type * as z from 'zod';
import { anonymiseJudgment, publicationBar, type NamedPerson, type PublicationCaseKind } from '#domain/anonymise';
import { PARTY_SIDE } from '#domain/authorization';
import { calculateFee, type RefundGround } from '#domain/fees';
import { caseFee, feeCategoryOf } from '#domain/filing';
import {
  appealKindOf,
  ClosingDateMethods,
  ClosingOutcomes,
  decisionEffect,
  feeOutcomeOf,
  feeShares,
  publicationKindOf,
  refundBy,
  type ClosingOutcome,
  treatedWithdrawnUnpaid,
  UnpaidTreatedWithdrawnFees,
  unpaidTreatedWithdrawnFeeOf,
  type UnpaidTreatedWithdrawnFee,
} from '#domain/judgments';
import { chinaDate } from '#domain/time';
import { AppError, assert, assertField, attachUpload, dropUnheld, findById, invalidField, MAX_PAGE, query, sha256Hex, type ActionContext } from '#runtime';
import type { AppealInput, AppealOutput, CaseCloseInput, CaseCloseOutput, ClosingView, JudgmentSearchInput, JudgmentSearchOutput } from '#schemas/closing';
import { authorize, type Authorized } from './access';
import { caseHolds, changeCase } from './case-change';
import type {
  AppealRecord,
  CaseDocument,
  CaseRecord,
  ClosingFees,
  ClosingRecord,
  DecisionRecord,
  JudgmentRecord,
  OfflineServiceRecord,
  ServiceRecord,
} from './records';

/*
 * 审结报结 and what follows it (legal-rules-2 §4.5, §5): the judge records how the case ended, with
 * the decision (a PDF, hashed here), the fee list and the publication decision, and the dossier is
 * archived. The decision is served by service-send; each party's appeal period runs from its own
 * service, and the effective date follows from them when read, with no timer. The reviewer then
 * publishes it anonymised, or the withheld entry, for judgment-search.
 */

/** The decision a closing rests on: the one it recorded, or for a mediated case the 调解书. */
export function closingDecision(record: Pick<CaseRecord, 'decisions' | 'closing'>): { decision: DecisionRecord; index: number } | undefined {
  const decisions = record.decisions ?? [];
  const index = record.closing?.decisionId
    ? decisions.findIndex((d) => d.id === record.closing?.decisionId)
    : record.closing?.outcome === 'mediation'
      ? decisions.findIndex((d) => d.kind === 'mediation-statement')
      : -1;
  return index >= 0 ? { decision: decisions[index] as DecisionRecord, index } : undefined;
}

/** The day each party was first served the document: on the platform (its service's effect) or by post or in person. */
async function servedOnByParty(ctx: ActionContext, caseId: string, documentId: string): Promise<Record<number, string>> {
  return servedOnFrom(await query<ServiceRecord | OfflineServiceRecord>(ctx.db.collection('services').where({ caseId, documentId }).limit(MAX_PAGE)));
}

/** Of a document's services, the day each party was first served. */
export function servedOnFrom(
  rows: readonly (Partial<Pick<ServiceRecord, 'servedAt'> & Pick<OfflineServiceRecord, 'channel' | 'state' | 'servedOn'>> & { party?: number })[],
): Record<number, string> {
  const served: Record<number, string> = {};
  for (const row of rows) {
    if (row.party === undefined) continue;
    const on = row.channel === 'offline' ? (row.state === 'served' ? row.servedOn : undefined) : row.servedAt ? chinaDate(row.servedAt) : undefined;
    if (on && (served[row.party] === undefined || on < (served[row.party] as string))) served[row.party] = on;
  }
  return served;
}

/** A decision's effect now: each party's service and appeal period, and the effective date once the last has run out. */
export async function effectOf(ctx: ActionContext, record: CaseRecord, decision: DecisionRecord): Promise<ReturnType<typeof decisionEffect>> {
  const today = chinaDate(ctx.now);
  const parties = record.parties.map((_, i) => i);
  // A 调解书 takes effect on the last signed receipt, recorded when it happens (民诉法解释 第一百四十九条).
  if (decision.kind === 'mediation-statement' || decision.kind === 'confirmation-ruling') {
    return decision.effectiveOn && today >= decision.effectiveOn
      ? { state: 'effective', periods: parties.map((party) => ({ party })), effectiveOn: decision.effectiveOn }
      : { state: 'serving', periods: parties.map((party) => ({ party })) };
  }
  return decisionEffect({
    appealKind: decision.appealKind ?? null,
    parties,
    servedOn: await servedOnByParty(ctx, record._id, decision.documentId),
    abroad: decision.abroad ?? [],
    appealed: (decision.appeals ?? []).map((a) => a.party),
    today,
  });
}

/** The effective date of a decision as it stands today: recorded, or derived from its services (for enforcement). */
export async function effectiveOnOf(ctx: ActionContext, record: CaseRecord, decision: DecisionRecord): Promise<string | undefined> {
  if (decision.effectiveOn) return decision.effectiveOn;
  if (!record.closing) return undefined;
  return (await effectOf(ctx, record, decision)).effectiveOn;
}

const feesPaid = (record: CaseRecord) => (record.fee.state === 'paid' ? record.fee.feeFen : 0);
const refundsAsked = (record: CaseRecord) => (record.fee.refunds ?? []).filter((r) => r.state !== 'failed').reduce((sum, r) => sum + r.refundFen, 0);

/**
 * The fee list at closing, by the fee domain's one rule (caseFee): halved for mediation and
 * withdrawal (诉讼费用交纳办法 第十五条), nothing for a dismissed suit (第八条、第二十七条), each party's
 * share, and what comes back to the payer (refunded by fee-refund within 15 days of effect, 第五十三条).
 */
function feeList(
  record: CaseRecord,
  outcome: ClosingOutcome,
  given: { party: number; fen: number }[] | undefined,
  transferTo?: string,
  unpaidSetting: UnpaidTreatedWithdrawnFee = 'none',
): ClosingFees {
  if (outcome === 'transfer') {
    // 诉讼费用交纳办法 第二十四条: the fee prepaid goes with the case to the receiving court, which decides who bears it.
    assertField(!given || given.length === 0, 'feeShares', '移送的案件，诉讼费用的负担由受移送的人民法院决定（诉讼费用交纳办法 第二十四条）');
    return {
      billedFen: record.fee.feeFen,
      paidFen: feesPaid(record),
      dueFen: 0,
      basis: ['诉讼费用交纳办法 第二十四条'],
      shares: [],
      handedOver: { fen: feesPaid(record) - refundsAsked(record), to: transferTo ?? '' },
    };
  }
  const reduced = record.claimReductions?.[record.claimReductions.length - 1]?.amountFen;
  const feeOutcome = feeOutcomeOf(outcome);
  const billed = caseFee(record, { amountFen: reduced ?? record.amountFen, outcome: feeOutcome === 'dismissal' ? undefined : feeOutcome });
  const unpaid = treatedWithdrawnUnpaid(outcome, record.fee) ? UnpaidTreatedWithdrawnFees[unpaidSetting] : undefined;
  const due =
    feeOutcome === 'dismissal'
      ? { feeFen: 0, basis: ['诉讼费用交纳办法 第八条', '诉讼费用交纳办法 第二十七条'] }
      : unpaid
        ? { feeFen: unpaidSetting === 'none' ? 0 : billed.feeFen, basis: [...new Set([...(unpaidSetting === 'none' ? [] : billed.basis), ...unpaid.basis])] }
        : billed;
  const shares = feeShares(
    outcome,
    due.feeFen,
    record.parties.map((p) => p.role),
    given,
  );
  if (!shares.ok) throw invalidField('feeShares', shares.reason);
  const paidFen = feesPaid(record);
  const refundFen = paidFen - refundsAsked(record) - due.feeFen;
  const ground: RefundGround | undefined =
    feeOutcome ?? (reduced !== undefined ? 'claim-reduced' : record.procedure === 'simplified' ? 'simplified' : undefined);
  return {
    billedFen: record.fee.feeFen,
    paidFen,
    dueFen: due.feeFen,
    basis: due.basis,
    shares: shares.shares,
    ...(refundFen > 0 && ground ? { refund: { fen: refundFen, ground, by: '' } } : {}),
  };
}

/** The publication decision (裁判文书上网规定 第三条 publishes; 第四条 withholds). */
function publicationOf(
  record: CaseRecord,
  outcome: ClosingOutcome,
  input?: { kind: PublicationCaseKind; stateSecret?: boolean | undefined; unsuitable?: string | undefined },
): NonNullable<ClosingRecord['publication']> {
  // The judge names a kind more precise than the cause gives, never a plain 'civil' over a family cause: a divorce stays withheld.
  const kind: PublicationCaseKind = input?.kind && input.kind !== 'civil' ? input.kind : publicationKindOf(record.cause, record.caseType);
  const bar =
    publicationBar({ kind, stateSecret: input?.stateSecret ?? false, mediated: outcome === 'mediation' }) ??
    (input?.unsuitable ? `人民法院认为不宜在互联网公布（第四条第（五）项）：${input.unsuitable}` : null);
  return bar ? { decision: 'withhold', kind, reason: bar } : { decision: 'publish', kind };
}

async function viewOf(ctx: ActionContext, record: CaseRecord): Promise<ClosingView> {
  const closing = record.closing as ClosingRecord;
  const found = closingDecision(record);
  const effect = found ? await effectOf(ctx, record, found.decision) : undefined;
  const document = found ? record.documents.find((d) => d.id === found.decision.documentId) : undefined;
  const nameOf = (party: number) => record.parties[party]?.name ?? '';
  const fees = closing.fees;
  const refundDay = fees?.refund ? fees.refund.by || (effect?.effectiveOn ? refundBy(effect.effectiveOn) : undefined) : undefined;
  const published = found?.decision.publication;
  return {
    caseId: record._id,
    caseNumber: record.caseNumber,
    outcome: closing.outcome,
    outcomeLabel: ClosingOutcomes[closing.outcome].label,
    basis: ClosingOutcomes[closing.outcome].basis,
    closedOn: closing.on,
    ...(closing.dateMethod ? { dateMethod: ClosingDateMethods[closing.dateMethod] } : {}),
    ...(record.archive ? { archivedOn: record.archive.on } : {}),
    ...(found && effect
      ? {
          decision: {
            decisionId: found.decision.id,
            documentId: found.decision.documentId,
            title: found.decision.title,
            issuedOn: found.decision.issuedOn,
            ...(document?.file ? { sha256: document.file.sha256 } : {}),
            appealKind: found.decision.appealKind ?? null,
            state: effect.state,
            periods: effect.periods.map((p) => ({ ...p, name: nameOf(p.party) })),
            ...(effect.effectiveOn ? { effectiveOn: effect.effectiveOn } : {}),
            ...(effect.publishBy ? { publishBy: effect.publishBy } : {}),
          },
        }
      : {}),
    ...(fees
      ? {
          fees: {
            billedFen: fees.billedFen,
            paidFen: fees.paidFen,
            dueFen: fees.dueFen,
            basis: fees.basis,
            shares: fees.shares.map((s) => ({ ...s, name: nameOf(s.party) })),
            ...(fees.handedOver ? { handedOver: fees.handedOver } : {}),
            ...(fees.refund
              ? {
                  refund: {
                    fen: fees.refund.fen,
                    ground: fees.refund.ground,
                    ...(refundDay ? { by: refundDay } : {}),
                    requested: refundsAsked(record) >= fees.refund.fen,
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(closing.publication
      ? {
          publication: {
            decision: closing.publication.decision,
            ...(closing.publication.reason ? { reason: closing.publication.reason } : {}),
            state: published ? published.state : 'pending',
            ...(published ? { judgmentId: published.judgmentId } : {}),
          },
        }
      : {}),
  } as ClosingView;
}

/** 结案: the outcome and its decision, the fee list, the closing date, the publication decision; the dossier archived. */
async function close(input: Extract<z.output<typeof CaseCloseInput>, { op: 'close' }>, ctx: ActionContext): Promise<CaseCloseOutput> {
  const { record, actor } = await authorize(ctx, input.caseId, 'case.close');
  const today = chinaDate(ctx.now);
  assert(!record.archive, 'STATE', '本案已结案归档');
  const mediated = input.outcome === 'mediation';
  if (mediated) {
    // 民事诉讼法 第一百条: a mediated case closes on the 调解书's last signed receipt (recorded by mediation).
    assert(record.closing?.outcome === 'mediation', 'STATE', '调解书尚未由各方当事人签收生效，不能以调解方式结案');
  } else {
    assert(record.state === 'accepted' || record.state === 'in-trial', 'STATE', '本案不在审理中，不能结案');
  }
  const outcome = input.outcome;
  const count = record.parties.length;
  const outOfRange = (party: number) => party >= count;
  assertField(mediated || input.document, 'document', '请上传裁判文书（PDF）并填写全文');
  assertField(!input.document || input.document.issuedOn <= today, 'document.issuedOn', '裁判日期不能晚于今天');
  assertField(input.ground || !(outcome === 'withdrawal' || outcome === 'treated-withdrawn' || outcome === 'termination'), 'ground', '请写明裁定的理由');
  assertField(outcome !== 'transfer' || input.transferTo, 'transferTo', '请填写受移送的法院');
  assertField(!input.obligations || outcome === 'judgment', 'obligations', '只有判决写明给付内容');
  assertField(
    !(input.obligations ?? []).some((o) => outOfRange(o.debtor) || outOfRange(o.creditor) || o.debtor === o.creditor),
    'obligations',
    '给付内容中的当事人不正确',
  );
  assertField(!(input.abroad ?? []).some(outOfRange), 'abroad', '当事人编号不正确');
  // 按撤诉处理 for want of the prepayment: what is owed is the court's setting (see UnpaidTreatedWithdrawnFees).
  const court = treatedWithdrawnUnpaid(outcome, record.fee)
    ? await findById<{ unpaidTreatedWithdrawnFee?: unknown }>(ctx.db, 'courts', record.courtId, { unpaidTreatedWithdrawnFee: true })
    : null;
  const fees = feeList(record, outcome, input.feeShares, input.transferTo, unpaidTreatedWithdrawnFeeOf(court?.unpaidTreatedWithdrawnFee));
  const publication = publicationOf(record, outcome, input.publication);

  let document: CaseDocument | undefined;
  let decision: DecisionRecord | undefined;
  if (input.document) {
    const { file: fileID, title, text, issuedOn } = input.document;
    assertField(fileID.toLowerCase().endsWith('.pdf'), 'document.file', '裁判文书须为 PDF 文件');
    const file = await attachUpload(ctx.cloud, ctx.caller.openid, fileID, `cases/${record._id}/court`);
    const id = `decision-${file.sha256.slice(0, 16)}`;
    document = { id, kind: 'decision', title, file, at: ctx.now, by: ctx.caller.openid };
    const appealKind = appealKindOf(outcome);
    decision = {
      id,
      kind: outcome === 'judgment' ? 'judgment' : 'ruling',
      title,
      documentId: id,
      issuedOn,
      ...(input.obligations ? { obligations: input.obligations } : {}),
      enforceable: outcome === 'judgment' && (input.obligations ?? []).length > 0,
      appealKind,
      ...(input.abroad && input.abroad.length > 0 ? { abroad: input.abroad } : {}),
      text,
    };
  }
  const statement = mediated ? closingDecision(record) : undefined;
  // 审限规定（2000） 第十条: the day the judgment is pronounced or the ruling announced; for a 调解书 the day the last party was served.
  const closedOn = mediated ? (record.closing?.on ?? today) : (input.document?.issuedOn ?? today);
  const closing: ClosingRecord = {
    outcome,
    on: closedOn,
    dateMethod: mediated ? 'last-service' : outcome === 'judgment' ? 'pronouncement' : 'announcement',
    ...(decision ? { decisionId: decision.id } : statement ? { decisionId: statement.decision.id } : {}),
    ...(input.ground ? { ground: input.ground } : {}),
    ...(input.transferTo ? { transferTo: input.transferTo } : {}),
    fees: mediated && fees.refund ? { ...fees, refund: { ...fees.refund, by: refundBy(closedOn) } } : fees,
    publication,
    by: ctx.caller.openid,
    at: ctx.now,
  };
  const archive = { on: today, at: ctx.now, by: ctx.caller.openid };
  return ctx
    .commit(async (tx) => {
      await changeCase(tx, record._id, ctx.now, (current) => {
        assert(!current.archive, 'CONFLICT', '本案已结案归档');
        return {
          event: {
            action: 'case.closed',
            ...actor,
            state: 'closed',
            data: {
              outcome,
              closedOn,
              ...(decision && document?.file ? { decisionId: decision.id, sha256: document.file.sha256 } : {}),
              dueFen: fees.dueFen,
              refundFen: fees.refund?.fen ?? 0,
              publication: publication.decision,
            },
            requestId: input.requestId,
          },
          update: {
            state: 'closed',
            closing,
            archive,
            ...(document && decision ? { documents: ctx.db.command.push([document]), decisions: ctx.db.command.push([decision]) } : {}),
          },
        };
      });
      const after: CaseRecord = {
        ...record,
        state: 'closed',
        closing,
        archive,
        documents: document ? [...record.documents, document] : record.documents,
        decisions: decision ? [...(record.decisions ?? []), decision] : record.decisions,
      };
      return { op: 'close' as const, closing: await viewOf(ctx, after) };
    })
    .catch(async (error: unknown) => {
      // Not closed: the decision's copy goes, unless the closing another attempt recorded holds it.
      if (document?.file) await dropUnheld(ctx.cloud, [document.file.fileID], caseHolds(ctx, record._id));
      throw error;
    });
}

/** The people whose names 第八条 and 第九条 may replace: the natural-person parties, and companies' legal representatives. */
function peopleOf(record: CaseRecord): NamedPerson[] {
  return record.parties.flatMap((p): NamedPerson[] =>
    p.kind === 'natural' ? [{ name: p.name, role: 'party' }] : p.representative ? [{ name: p.representative, role: 'legal-representative' }] : [],
  );
}

/** The text as it would be published, and its hash the reviewer confirms. */
function publishedText(record: CaseRecord, decision: DecisionRecord): { text: string; sha256: string; replaced: { kind: string; count: number }[] } {
  const kind = record.closing?.publication?.kind ?? 'civil';
  const result = anonymiseJudgment(decision.text ?? '', peopleOf(record), kind);
  return { ...result, sha256: sha256Hex(result.text) };
}

async function closedCase(ctx: ActionContext, caseId: string, permission: 'case.read' | 'judgment.publish'): Promise<Authorized & { record: CaseRecord }> {
  const granted = await authorize(ctx, caseId, permission);
  assert(granted.record.closing?.fees, 'STATE', '本案尚未结案');
  return granted;
}

/** 裁判文书公开: the reviewer confirms the anonymised text (or the withheld entry), within 7 working days of effect (第七条). */
async function publish(input: Extract<z.output<typeof CaseCloseInput>, { op: 'publish' }>, ctx: ActionContext): Promise<CaseCloseOutput> {
  const { record, actor } = await closedCase(ctx, input.caseId, 'judgment.publish');
  const found = closingDecision(record);
  const closing = record.closing as ClosingRecord;
  assert(found && closing.publication, 'STATE', '本案没有可公开的裁判文书');
  assert(!found.decision.publication, 'CONFLICT', '该裁判文书已公开');
  const effect = await effectOf(ctx, record, found.decision);
  // 第七条: an appealed decision follows the second instance; 民诉法解释 第二百五十五条: nothing before it takes effect.
  assert(effect.state !== 'appealed', 'STATE', '当事人已上诉：待二审裁判生效后再行公开（裁判文书上网规定 第七条）');
  assert(effect.state === 'effective' && effect.effectiveOn, 'STATE', '裁判文书尚未生效，不能公开');
  const today = chinaDate(ctx.now);
  const withheld = closing.publication.decision === 'withhold';
  const text = withheld ? undefined : publishedText(record, found.decision);
  if (text) {
    assertField(input.sha256, 'sha256', '请先预览并核对公开文本');
    assert(input.sha256 === text.sha256, 'CONFLICT', '公开文本已变化，请重新预览核对');
  }
  const judgmentId = `${record._id}:${found.decision.id}`;
  const entry: JudgmentRecord = {
    _id: judgmentId,
    caseId: record._id,
    caseNumber: record.caseNumber,
    courtId: record.courtId,
    courtName: record.courtName,
    caseType: record.caseType,
    cause: record.cause,
    year: Number(found.decision.issuedOn.slice(0, 4)),
    title: found.decision.title,
    decidedOn: found.decision.issuedOn,
    effectiveOn: effect.effectiveOn,
    publishedOn: today,
    state: withheld ? 'withheld' : 'published',
    ...(text ? { text: text.text, sha256: text.sha256 } : { reason: closing.publication.reason ?? '' }),
  };
  const late = Boolean(effect.publishBy && today > effect.publishBy);
  return ctx.commit(async (tx) => {
    const { _id, ...data } = entry;
    await tx.collection('judgments').doc(_id).set({ data });
    await changeCase(tx, record._id, ctx.now, (current) => {
      assert(!(current.decisions ?? [])[found.index]?.publication, 'CONFLICT', '该裁判文书已公开');
      return {
        event: {
          action: withheld ? 'judgment.withheld' : 'judgment.published',
          ...actor,
          data: { judgmentId, ...(text ? { sha256: text.sha256 } : { reason: entry.reason }), late },
          requestId: input.requestId,
        },
        update: { [`decisions.${found.index}.publication`]: { state: entry.state, judgmentId, on: today, by: ctx.caller.openid } },
      };
    });
    return { op: 'publish' as const, judgmentId, state: entry.state, publishedOn: today, late };
  });
}

/** 结案与裁判文书: close, the effect now, the reviewer's preview, publication. */
export async function closeCase(input: z.output<typeof CaseCloseInput>, ctx: ActionContext): Promise<CaseCloseOutput> {
  switch (input.op) {
    case 'close':
      return close(input, ctx);
    case 'status': {
      const { record } = await closedCase(ctx, input.caseId, 'case.read');
      return { op: 'status', closing: await viewOf(ctx, record) };
    }
    case 'preview': {
      const { record } = await closedCase(ctx, input.caseId, 'judgment.publish');
      const found = closingDecision(record);
      const publication = record.closing?.publication;
      assert(found && publication, 'STATE', '本案没有可公开的裁判文书');
      const effect = await effectOf(ctx, record, found.decision);
      if (publication.decision === 'withhold')
        return {
          op: 'preview',
          decision: 'withhold',
          reason: publication.reason ?? '',
          replaced: [],
          ...(effect.publishBy ? { publishBy: effect.publishBy } : {}),
        };
      const text = publishedText(record, found.decision);
      return {
        op: 'preview',
        decision: 'publish',
        text: text.text,
        sha256: text.sha256,
        replaced: text.replaced,
        ...(effect.publishBy ? { publishBy: effect.publishBy } : {}),
      };
    }
    case 'publish':
      return publish(input, ctx);
  }
}

/**
 * 上诉: within the party's own period from its own service (民事诉讼法 第一百七十一条; 民诉法解释 第二百四十四条),
 * by the party or an agent whose power of attorney grants appeal (第六十二条), with the appeal fee on
 * the amount appealed (诉讼费用交纳办法 第十七条); an appeal against a dismissal ruling costs nothing (第八条).
 */
export async function fileAppeal(input: z.output<typeof AppealInput>, ctx: ActionContext): Promise<AppealOutput> {
  const granted = await authorize(ctx, input.caseId, 'appeal.file');
  const { record, actor } = granted;
  const grant = granted.grants.find((g) => g.via === 'case' && PARTY_SIDE.includes(g.role));
  const party = grant && grant.via === 'case' && grant.member.for !== undefined ? Number(grant.member.for) : undefined;
  assert(party !== undefined, 'FORBIDDEN', '您不是本案当事人');
  const found = closingDecision(record);
  assert(found && (!input.decisionId || input.decisionId === found.decision.id), 'NOT_FOUND', '本案没有可上诉的裁判文书');
  const { decision, index } = found;
  assert(decision.appealKind, 'STATE', `${decision.title}不属于可以上诉的裁判（民事诉讼法 第一百五十七条、第一百六十五条）`);
  assert(!(decision.appeals ?? []).some((a) => a.party === party), 'CONFLICT', '您已对该裁判提起上诉');
  const effect = await effectOf(ctx, record, decision);
  const period = effect.periods.find((p) => p.party === party);
  const today = chinaDate(ctx.now);
  if (!period?.servedOn || !period.appealBy) throw new AppError('DEADLINE', '裁判文书尚未向您送达，上诉期间尚未开始');
  if (today > period.appealBy) throw new AppError('DEADLINE', `上诉期间已于 ${period.appealBy} 届满（自您收到裁判文书之日起计算，民事诉讼法 第一百七十一条）`);
  const amountFen = Math.min(input.amountFen ?? record.amountFen, record.amountFen);
  const fee =
    decision.appealKind === 'ruling'
      ? { feeFen: 0, basis: ['诉讼费用交纳办法 第八条'] }
      : calculateFee({ category: feeCategoryOf(record.feeKind, amountFen), amountFen: amountFen > 0 ? amountFen : undefined, appeal: true });
  const file = input.file ? await attachUpload(ctx.cloud, ctx.caller.openid, input.file, `cases/${record._id}/appeal`) : undefined;
  const document: CaseDocument | undefined = file
    ? { id: `appeal-${file.sha256.slice(0, 16)}`, kind: 'appeal', title: '上诉状', file, at: ctx.now, by: ctx.caller.openid }
    : undefined;
  const appeal: AppealRecord = {
    party,
    on: today,
    at: ctx.now,
    by: ctx.caller.openid,
    reasons: input.reasons,
    amountFen,
    feeFen: fee.feeFen,
    feeBasis: fee.basis,
    ...(document ? { documentId: document.id } : {}),
  };
  return ctx
    .commit(async (tx) => {
      await changeCase(tx, record._id, ctx.now, (current) => {
        assert(!((current.decisions ?? [])[index]?.appeals ?? []).some((a) => a.party === party), 'CONFLICT', '您已对该裁判提起上诉');
        return {
          event: { action: 'appeal.filed', ...actor, data: { decisionId: decision.id, party, amountFen, feeFen: fee.feeFen }, requestId: input.requestId },
          update: {
            [`decisions.${index}.appeals`]: ctx.db.command.push([appeal]),
            ...(document ? { documents: ctx.db.command.push([document]) } : {}),
          },
        };
      });
      return {
        caseId: record._id,
        decisionId: decision.id,
        party,
        filedOn: today,
        appealBy: period.appealBy as string,
        amountFen,
        feeFen: fee.feeFen,
        basis: fee.basis,
      };
    })
    .catch(async (error: unknown) => {
      // Not filed: the petition's copy goes, unless an appeal another attempt recorded holds it.
      if (document?.file) await dropUnheld(ctx.cloud, [document.file.fileID], caseHolds(ctx, record._id));
      throw error;
    });
}

/** 裁判文书公开查询: only what the reviewer published (anonymised) or withheld (case number, court, date, reason); paged. */
export async function searchJudgments(input: z.output<typeof JudgmentSearchInput>, ctx: ActionContext): Promise<JudgmentSearchOutput> {
  const where: Record<string, unknown> = {};
  if (input.courtId) where.courtId = input.courtId;
  if (input.caseType) where.caseType = input.caseType;
  if (input.cause) where.cause = input.cause;
  if (input.year) where.year = input.year;
  if (input.keyword) where.text = ctx.db.RegExp({ regexp: input.keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), options: 'i' });
  const collection = ctx.db.collection('judgments').where(where);
  const total = ((await collection.count()) as { total: number }).total;
  const rows = await query<JudgmentRecord>(
    collection
      .orderBy('publishedOn', 'desc')
      .skip(input.page * input.pageSize)
      .limit(input.pageSize),
  );
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    items: rows.map((j) => ({
      judgmentId: j._id,
      caseNumber: j.caseNumber,
      courtName: j.courtName,
      caseType: j.caseType,
      cause: j.cause,
      title: j.title,
      decidedOn: j.decidedOn,
      publishedOn: j.publishedOn,
      state: j.state,
      ...(j.state === 'published' && j.text ? { text: j.text } : {}),
      ...(j.state === 'withheld' && j.reason ? { reason: j.reason } : {}),
    })),
  };
}
