import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { CaseTypes, REFUSAL_RULING_ID, canAskCorrection, canResubmit, canReview, caseFee, feeDueOn, reviewDueOn } from '#domain/filing';
import { trialLimitEnd } from '#domain/deadlines';
import { complaintEvidence } from './evidence';
import { maskMobile } from '#domain/identity';
import {
  CAPACITY_LABELS,
  isNamedRepresentative,
  PROOF_KINDS,
  proofCorrectionItems,
  requiredProofs,
  type ProofKind,
  type RepresentationCapacity,
} from '#domain/legal-person';
import { divisionHearing, type Division } from '#domain/assignment';
import { receivedOn } from '#domain/time';
import {
  allocateCaseNumber,
  appendCaseEvent,
  assert,
  attachUpload,
  findById,
  instanceCache,
  invalidField,
  lookupHash,
  notify,
  pages,
  type ActionContext,
  type CaseMember,
  type InstanceCache,
  readWithCaller,
} from '#runtime';
import type { FilingSubmitInput, FilingSubmitOutput } from '#schemas/filing';
import type { FilingReviewInput, FilingReviewOutput } from '#schemas/review';
import { actorOf, authorizeFiling, authorizeGlobally } from './access';
import { fromFailedMediation } from './mediation';
import { recordRepresentation, representationDocuments, storeParty } from './parties';
import type { CaseDocument, CaseRecord, FilingRecord } from './records';
import { notifyServed, proofsOf, serveDocument, type ServeResult } from './service';

interface Court {
  code: string;
  name: string;
}

/** A court's code and name are fixed when court IT sets it up: read once per warm instance. */
const COURT_NAME_CACHE_MS = 10 * 60_000;
let courtNames: InstanceCache<Court | null> | undefined;
let courtsDb: ActionContext['db'] | undefined;
function courtNamed(ctx: Pick<ActionContext, 'db' | 'now'>, courtId: string): Promise<Court | null> {
  courtsDb = ctx.db;
  courtNames ??= instanceCache(COURT_NAME_CACHE_MS, (id) => findById<Court>(courtsDb ?? ctx.db, 'courts', id, { code: true, name: true }));
  return courtNames.get(courtId, ctx.now);
}

const newId = () => randomBytes(12).toString('hex');

/**
 * 网上立案: a verified party files for themself, or an approved lawyer for a client. The
 * registrar's 7-day clock starts on the China day of receipt (登记立案规定 第八条), and again
 * on the day a corrected filing comes back.
 */
export async function submitFiling(input: z.output<typeof FilingSubmitInput>, given: ActionContext): Promise<FilingSubmitOutput> {
  // After a failed pre-filing mediation, the filing's transaction also carries the mediation's materials and its record of the filing.
  const ctx = input.fromMediation ? await fromFailedMediation(given, input.fromMediation) : given;
  const caller = ctx.caller;
  const [court, previous] = await Promise.all([
    courtNamed(ctx, input.courtId),
    input.filingId ? readWithCaller<FilingRecord>(ctx, 'filings', input.filingId) : Promise.resolve(null),
  ]);
  assert(court, 'NOT_FOUND', '未找到所选法院');
  if (input.filingId) {
    assert(previous && previous.owner === caller.openid, 'NOT_FOUND', '未找到该立案申请');
    assert(canResubmit(previous.state), 'STATE', '该立案申请当前不需要补正');
    // 登记立案规定 第七条: the correction goes back to the court that asked for it; filing elsewhere is a new filing.
    if (previous.courtId !== input.courtId) {
      const message = `补正材料应向原审查法院（${previous.courtName}）提交；如需向其他法院起诉，请重新提交立案申请`;
      throw invalidField('courtId', message);
    }
  }

  const filingId = previous?._id ?? newId();
  const folder = `cases/${filingId}`;
  let filer: CaseMember;
  let acting: (Parameters<typeof recordRepresentation>[1] & { party: number }) | undefined;
  if (input.agent) {
    await authorizeGlobally(ctx, 'filing.file-as-agent');
    filer = { openid: caller.openid, role: 'agent', for: String(input.agent.forParty), ...(input.agent.powers ? { powers: input.agent.powers } : {}) };
    // A company's lawyer proves the appointment with the power of attorney, and the company with its licence (登记立案规定 第六条).
    if (input.parties[input.agent.forParty]?.kind === 'legal')
      acting = { party: input.agent.forParty, capacity: 'authorised-agent', proofs: input.agent.proofs, alsoSupplied: ['authorisation'] };
  } else if (input.representation) {
    const { forParty, capacity, proofs } = input.representation;
    const company = input.parties[forParty];
    // 民诉法解释 第五十条: the legal representative is the registered one, whom the complaint names.
    if (capacity === 'legal-representative')
      assert(
        company?.kind === 'legal' && isNamedRepresentative(company, caller.user?.name),
        'FORBIDDEN',
        '您实名认证的姓名与起诉状所列该单位的法定代表人不一致；受单位委托起诉的，请选择“委托代理人”并提交授权委托书',
      );
    filer = { openid: caller.openid, role: capacity === 'legal-representative' ? 'plaintiff' : 'agent', for: String(forParty) };
    acting = { party: forParty, capacity, proofs };
  } else {
    // Filing for oneself: the caller is one of the plaintiffs by verified identity.
    const own = input.parties.findIndex(
      (p) => p.role === 'plaintiff' && p.kind === 'natural' && p.idNumber && lookupHash('resident-id', p.idNumber) === caller.user?.idLookup,
    );
    assert(own >= 0, 'FORBIDDEN', '您不是本案原告；代表原告单位起诉请注明身份并提交证明材料，代他人起诉请由律师提交授权委托书');
    filer = { openid: caller.openid, role: 'plaintiff', for: String(own) };
  }
  const members = [filer];

  const [powerOfAttorney, representation, ...evidenceFiles] = await Promise.all([
    input.agent ? attachUpload(ctx.cloud, caller.openid, input.agent.powerOfAttorney, `${folder}/agent`) : Promise.resolve(undefined),
    acting ? recordRepresentation(ctx, acting, `${folder}/representation`).then((r) => ({ ...r, party: acting.party })) : Promise.resolve(undefined),
    ...input.evidence.map((item) => (item.file ? attachUpload(ctx.cloud, caller.openid, item.file, `${folder}/evidence`) : Promise.resolve(undefined))),
  ]);

  const amountFen = input.claims.reduce((sum, claim) => sum + (claim.amountFen ?? 0), 0);
  // The preview before review: the registrar decides the procedure, so it is the ordinary fee.
  const fee = caseFee({ feeKind: input.feeKind, amountFen, procedure: 'ordinary' });
  const today = receivedOn(ctx.now);
  const dueOn = reviewDueOn(today);
  const filing: Omit<FilingRecord, '_id' | 'chain'> = {
    owner: caller.openid,
    courtId: input.courtId,
    courtCode: court.code,
    courtName: court.name,
    caseType: input.caseType,
    feeKind: input.feeKind,
    cause: input.cause,
    parties: input.parties.map(storeParty),
    ...(input.agent && powerOfAttorney
      ? { agent: { openid: caller.openid, name: caller.user?.name ?? '', forParty: input.agent.forParty, powerOfAttorney } }
      : {}),
    ...(representation ? { representation } : {}),
    claims: input.claims,
    amountFen,
    facts: input.facts,
    evidence: input.evidence.map((item, i) => ({ title: item.title, proves: item.proves, ...(evidenceFiles[i] ? { file: evidenceFiles[i] } : {}) })),
    service: { consent: input.service.consent, mobileMasked: maskMobile(input.service.mobile), addressConfirmed: input.service.addressConfirmed },
    members,
    state: 'submitted',
    submittedAt: ctx.now,
    receivedOn: today,
    reviewDueOn: dueOn,
    updatedAt: ctx.now,
    // The correction notice answered stays on record: there is only one (一次性告知).
    ...(previous?.correction ? { correction: previous.correction } : {}),
  };

  return ctx.commit(async (tx) => {
    const chain = await appendCaseEvent(
      tx,
      filingId,
      previous?.chain,
      {
        action: previous ? 'filing.resubmitted' : 'filing.submitted',
        ...actorOf(filer),
        state: 'submitted',
        data: {
          courtCode: court.code,
          cause: input.cause,
          amountFen,
          reviewDueOn: dueOn,
          ...(representation ? { representation: { capacity: representation.capacity, missing: representation.missing } } : {}),
        },
        requestId: input.requestId,
      },
      ctx.now,
    );
    await tx
      .collection('filings')
      .doc(filingId)
      .set({ data: { ...filing, chain } });
    return {
      filingId,
      state: 'submitted' as const,
      receivedOn: today,
      reviewDueOn: dueOn,
      feePreviewFen: fee.feeFen,
      ...(representation?.missing.length ? { missingProofs: representation.missing.map((kind) => PROOF_KINDS[kind]) } : {}),
    };
  });
}

/**
 * The registrar's review: accept (case number from the court's counter, fee notice due in 7
 * days, acceptance notice with its public query code), ask for a correction listing every
 * missing item at once, or refuse with reasons. Every outcome is sent to the filer.
 */
export async function reviewFiling(input: z.output<typeof FilingReviewInput>, ctx: ActionContext): Promise<FilingReviewOutput> {
  // A registrar reviews only their own court's filings; the court's divisions decide who hears what is accepted.
  const [{ filing }, court] = await Promise.all([
    authorizeFiling(ctx, input.filingId, 'filing.review'),
    input.outcome === 'accept' && ctx.caller.staff
      ? findById<{ divisions?: Division[] }>(ctx.db, 'courts', ctx.caller.staff.courtId, { divisions: true })
      : Promise.resolve(null),
  ]);
  assert(canReview(filing.state), 'STATE', filing.state === 'correction' ? '已通知补正，请等待当事人补正后再审查' : '该立案申请已审查完毕');
  const by = ctx.caller.openid;
  const unproven = unprovenRepresentation(filing);
  // Reviewing makes the caller the filing's registrar: on the case it becomes, and in each review event.
  const registrar: CaseMember = { openid: by, role: 'registrar' };

  let result: FilingReviewOutput;
  if (input.outcome === 'accept') {
    // 登记立案规定 第六条、第七条: without the papers that prove who acts for the company, the filing is corrected (once) or refused, never accepted.
    assert(
      unproven.length === 0,
      'STATE',
      `${unproven.map((u) => `${u.party}的${u.capacity}资格未证明（缺少${u.missing.join('、')}）`).join('；')}，不能立案：请一次性告知补正，或裁定不予受理`,
    );
    const hearing = divisionHearing(court?.divisions ?? [], filing.caseType, input.divisionId);
    if (!hearing.ok) throw invalidField('divisionId', hearing.reason);
    const procedure = input.procedure;
    const filedOn = receivedOn(ctx.now);
    const fee = caseFee({ ...filing, procedure });
    const dueOn = feeDueOn(filedOn);
    const noticeId = `${filing._id}-fee-1`;
    result = await ctx.commit(async (tx) => {
      const caseNumber = await allocateCaseNumber(
        tx,
        { courtCode: filing.courtCode, specialised: '', typeCode: CaseTypes[filing.caseType].typeCode, year: Number(filedOn.slice(0, 4)) },
        ctx.now,
      );
      const chain = await appendCaseEvent(
        tx,
        filing._id,
        filing.chain,
        {
          action: 'filing.accepted',
          ...actorOf(registrar),
          state: 'accepted',
          data: { caseNumber, procedure, divisionId: hearing.division.id, feeFen: fee.feeFen, feeDueOn: dueOn },
          requestId: input.requestId,
        },
        ctx.now,
      );
      const evidence = complaintEvidence(filing, filing._id);
      const record: CaseRecord = {
        _id: filing._id,
        caseNumber,
        courtId: filing.courtId,
        divisionId: hearing.division.id,
        courtCode: filing.courtCode,
        courtName: filing.courtName,
        caseType: filing.caseType,
        cause: filing.cause,
        procedure,
        state: 'accepted',
        filedOn,
        trialLimitOn: trialLimitEnd({ procedure, filedOn }).lastDay,
        parties: filing.parties,
        members: [...filing.members, registrar],
        ...(filing.representation ? { representations: [{ ...filing.representation, examined: { by, at: ctx.now } }] } : {}),
        amountFen: filing.amountFen,
        feeKind: filing.feeKind,
        fee: { noticeId, feeFen: fee.feeFen, basis: fee.basis, dueOn, state: fee.feeFen === 0 ? 'paid' : 'unpaid' },
        hearings: [],
        documents: [
          // The dossier holds the files; an item without one (a witness) is in the evidence list only.
          ...evidence.flatMap((item) =>
            item.file ? [{ id: item._id, kind: 'evidence' as const, title: item.title, file: item.file, at: item.submittedAt, by: item.submittedBy }] : [],
          ),
          ...(filing.agent
            ? [
                {
                  id: 'power-of-attorney',
                  kind: 'power-of-attorney' as const,
                  title: '授权委托书',
                  file: filing.agent.powerOfAttorney,
                  at: filing.submittedAt,
                  by: filing.owner,
                },
              ]
            : []),
          ...(filing.representation
            ? representationDocuments(filing.representation, filing.parties[filing.representation.party]?.name ?? '', filing.submittedAt)
            : []),
          { id: 'acceptance-notice', kind: 'acceptance-notice', title: '受理案件通知书', at: ctx.now, by },
          { id: 'fee-notice', kind: 'fee-notice', title: '交纳诉讼费用通知书', at: ctx.now, by },
        ],
        eService: filingEService(filing),
        publicCode: randomBytes(8).toString('hex'),
        chain,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      };
      await tx.collection('cases').add({ data: record });
      if (evidence.length > 0) await tx.collection('evidence').add({ data: evidence });
      await tx
        .collection('filings')
        .doc(filing._id)
        .update({ data: { state: 'accepted', caseId: filing._id, chain, updatedAt: ctx.now } });
      return { filingId: filing._id, state: 'accepted' as const, caseId: filing._id, caseNumber, fee: { noticeId, feeFen: fee.feeFen, dueOn } };
    });
    await notify(ctx, [
      {
        template: 'MC_TPL_FILING_RESULT',
        touser: filing.owner,
        page: pages.caseDetail(filing._id),
        values: { cause: filing.cause, outcome: '已立案', caseNumber: result.caseNumber, decidedAt: ctx.now },
      },
    ]);
    return result;
  }

  if (input.outcome === 'correction') {
    assert(canAskCorrection(filing), 'STATE', '已一次性告知补正，补正后的立案申请只能受理或不予受理');
    // The one notice lists every missing paper, those proving representation included (登记立案规定 第七条).
    const missingProofs = unprovenPlaintiffs(filing).flatMap((u) => proofCorrectionItems(u.party, u.missing));
    const items = [...new Set([...input.items, ...missingProofs])];
    result = await ctx.commit(async (tx) => {
      const chain = await appendCaseEvent(
        tx,
        filing._id,
        filing.chain,
        { action: 'filing.correction', ...actorOf(registrar), state: 'correction', data: { items }, requestId: input.requestId },
        ctx.now,
      );
      await tx
        .collection('filings')
        .doc(filing._id)
        .update({ data: { state: 'correction', correction: { items, at: ctx.now, by }, chain, updatedAt: ctx.now } });
      return { filingId: filing._id, state: 'correction' as const, correctionItems: items, ...(unproven.length ? { unprovenRepresentation: unproven } : {}) };
    });
    // The filing's own page shows every item the correction asks for.
    await notify(ctx, [
      {
        template: 'MC_TPL_FILING_RESULT',
        touser: filing.owner,
        page: pages.caseDetail(filing._id),
        values: { cause: filing.cause, outcome: '需补正', decidedAt: ctx.now, items: items.join('；') },
      },
    ]);
    return result;
  }

  // 民事诉讼法 第一百二十六条: a refusal is a ruling with its reasons, served on the filer, who may appeal it (第一百五十七条、第一百七十一条).
  const ruling: CaseDocument = { id: REFUSAL_RULING_ID, kind: 'refusal-ruling', title: '民事裁定书（不予受理）', at: ctx.now, by };
  const served = {
    _id: filing._id,
    caseNumber: filingLabel(filing),
    courtId: filing.courtId,
    members: filing.members,
    eService: filingEService(filing),
    parties: filing.parties,
  };
  // The ruling is served on those who sued (起诉人): a co-plaintiff off the platform goes on the clerk's list.
  const suing = filing.parties.flatMap((p, i) => (p.role === 'plaintiff' ? [i] : []));
  let service: ServeResult | undefined;
  result = await ctx.commit(async (tx) => {
    const chain = await appendCaseEvent(
      tx,
      filing._id,
      filing.chain,
      { action: 'filing.refused', ...actorOf(registrar), state: 'refused', data: { ruling: ruling.id }, requestId: input.requestId },
      ctx.now,
    );
    service = await serveDocument(tx, served, ruling, ctx.caller, ctx.now, suing);
    await tx
      .collection('filings')
      .doc(filing._id)
      .update({
        data: {
          state: 'refused',
          refusal: { reasons: input.reasons, at: ctx.now, by },
          // Served on arrival, the ruling has its proof of service at once, as any document served (民事诉讼法 第八十七条).
          documents: [ruling, ...proofsOf(service, ruling.title, ctx.now, by)],
          chain,
          updatedAt: ctx.now,
        },
      });
    return { filingId: filing._id, state: 'refused' as const, ...(unproven.length ? { unprovenRepresentation: unproven } : {}) };
  });
  await notify(ctx, [
    {
      template: 'MC_TPL_FILING_RESULT',
      touser: filing.owner,
      page: pages.caseDetail(filing._id),
      values: { cause: filing.cause, outcome: '不予受理', decidedAt: ctx.now },
    },
  ]);
  if (service?.served.length) await notifyServed(ctx, served, { document: ruling.title });
  return result;
}

/** How a filing that has no case number is named where one would be (a service record, a notice). */
export function filingLabel(filing: Pick<FilingRecord, 'cause'>): string {
  return `${filing.cause}（立案申请）`;
}

/** The filer's consent to e-service and confirmed address, as a case keeps them per member (民诉法解释 第一百三十六条). */
function filingEService(filing: Pick<FilingRecord, 'members' | 'service'>): CaseRecord['eService'] {
  return Object.fromEntries(filing.members.map((m) => [m.openid, { consent: filing.service.consent, addressConfirmed: filing.service.addressConfirmed }]));
}

/**
 * Each legal-person plaintiff whose representation is unproven: the one the filer acts for, while
 * a paper is missing, and every other one, for whom no one has shown anything. A company sues
 * through its legal representative with its licence and his certificate (民事诉讼法 第五十一条;
 * 登记立案规定 第六条第（二）项), so naming it as a co-plaintiff proves nothing.
 */
function unprovenPlaintiffs(
  filing: Pick<FilingRecord, 'representation' | 'parties'>,
): { party: string; capacity: RepresentationCapacity; missing: ProofKind[] }[] {
  const acting = filing.representation;
  return filing.parties.flatMap((party, index) => {
    if (acting?.party === index) return acting.missing.length ? [{ party: party.name, capacity: acting.capacity, missing: acting.missing }] : [];
    if (party.role !== 'plaintiff' || party.kind !== 'legal') return [];
    return [{ party: party.name, capacity: 'legal-representative' as const, missing: requiredProofs('legal-representative') }];
  });
}

/** The unproven representations as the registrar's review lists them. */
function unprovenRepresentation(filing: Pick<FilingRecord, 'representation' | 'parties'>): { party: string; capacity: string; missing: string[] }[] {
  return unprovenPlaintiffs(filing).map((u) => ({
    party: u.party,
    capacity: CAPACITY_LABELS[u.capacity],
    missing: u.missing.map((kind) => PROOF_KINDS[kind]),
  }));
}
