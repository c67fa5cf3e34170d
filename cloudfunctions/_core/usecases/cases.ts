import * as z from 'zod';
import { caseDeadlines as deadlinesOf, nextDeadline, type CaseDeadline } from '#domain/case-deadlines';
import { daysLeft, StatutoryPeriods } from '#domain/deadlines';
import { eventLabel } from '#domain/case-events';
import { feeAccount } from '#domain/fees';
import { REFUSAL_APPEAL_BASIS, REFUSAL_RULING_ID, refusalAppealDueOn, STATE_LABELS } from '#domain/filing';
import { chinaDate, chinaDateTime } from '#domain/time';
import {
  dropUnheld,
  AppError,
  assert,
  caseRolesOf,
  notify,
  pages,
  query,
  checkWindow,
  EVENT_FIELDS,
  type ActionContext,
  type CaseEvent,
  type CaseMember,
  type Database,
  readWithCaller,
  rememberRead,
} from '#runtime';
import { awaitsExamination, PARTY_SIDE, type Matter } from '#domain/authorization';
import type {
  CaseDetailInput,
  CaseDetailOutput,
  CaseJoinInput,
  CaseJoinOutput,
  CaseListInput,
  CaseListOutput,
  CaseQueryInput,
  CaseQueryOutput,
} from '#schemas/cases';
import type { CaseVerifyInput, CaseVerifyOutput } from '#schemas/verify';
import { normaliseCaseNumber } from '#domain/case-numbers';
import { isNamedRepresentative, sameUscc } from '#domain/legal-person';
import { actorOf, authorize, authorizeOn } from './access';
import { caseHolds, changeCase } from './case-change';
import { DEADLINE_FIELDS, readDeadlines, type DeadlineRow } from './deadlines';
import { publicParty, recordRepresentation, representationDocuments, representationView, requireProofs } from './parties';
import { awaitingOffline, notifyServed, serveOnJoining } from './service';
import type { CaseRecord, FilingRecord, OfflineServiceRecord, ServiceRecord } from './records';

/** The newest events a case's detail shows and checks; a longer chain is checked whole by case-verify. */
const TIMELINE_LIMIT = 200;

type Listed = Pick<CaseRecord, '_id' | 'caseNumber' | 'cause' | 'courtName' | 'state' | 'members' | 'updatedAt'> & DeadlineRow;

const LIST_FIELDS = {
  ...DEADLINE_FIELDS,
  _id: true,
  caseNumber: true,
  cause: true,
  courtName: true,
  state: true,
  members: true,
  updatedAt: true,
};

/** What a list entry flags, from its deadlines: a review past its last day, an unpaid fee past its day, a trial limit close to its end. */
function alertsOf(deadlines: readonly CaseDeadline[]): CaseListOutput['items'][number]['alerts'] {
  const alerts: CaseListOutput['items'][number]['alerts'] = [];
  if (deadlines.some((d) => d.kind === 'filing-review' && d.state === 'overdue')) alerts.push('review-overdue');
  if (deadlines.some((d) => d.kind === 'fee-payment' && d.state === 'overdue')) alerts.push('fee-overdue');
  if (deadlines.some((d) => d.kind === 'trial-limit' && d.state !== 'later')) alerts.push('trial-limit-near');
  return alerts;
}

/** A deadline as a case's detail and list show it. */
const shown = (d: CaseDeadline) => ({ kind: d.kind, label: d.label, date: d.date, daysLeft: d.daysLeft, state: d.state, basis: d.basis });

/** 我的案件: the caller's cases or filings by role, newest first, paged. */
export async function listCases(input: z.output<typeof CaseListInput>, ctx: ActionContext): Promise<CaseListOutput> {
  const _ = ctx.db.command;
  const kind = input.view === 'filings' ? 'filing' : 'case';
  // An agent whose mandate was revoked or changed away (民事诉讼法 第六十三条) no longer lists the case.
  const mine = _.elemMatch({ openid: ctx.caller.openid, revokedAt: _.exists(false) });
  const where = kind === 'filing' ? { members: mine, state: _.in(['submitted', 'correction', 'refused']) } : { members: mine };
  const listing = ctx.db
    .collection(kind === 'filing' ? 'filings' : 'cases')
    .where(where)
    .orderBy('updatedAt', 'desc')
    .field(LIST_FIELDS);
  const listed = await query<Listed>(listing.skip(input.page * input.pageSize).limit(input.pageSize + 1));
  const rows = listed.slice(0, input.pageSize);
  // 律师通: every case of every client with its next deadline of any kind.
  const deadlines = await readDeadlines(ctx.db, rows, ctx.now);
  const nextOf = (row: Listed) => {
    const next = nextDeadline(deadlines.get(row._id) ?? []);
    return next ? { nextDeadline: shown(next) } : {};
  };
  return {
    items: rows.map((row) => ({
      id: row._id,
      kind,
      ...(row.caseNumber ? { caseNumber: row.caseNumber } : {}),
      cause: row.cause,
      courtName: row.courtName,
      state: row.state,
      stateLabel: STATE_LABELS[row.state] ?? row.state,
      myRoles: caseRolesOf(row.members, ctx.caller.openid),
      updatedAt: row.updatedAt.toISOString(),
      alerts: alertsOf(deadlines.get(row._id) ?? []),
      ...nextOf(row),
    })),
    page: input.page,
    hasMore: listed.length > input.pageSize,
  };
}

/**
 * How the caller reads a case: their roles on it, or the unit role that lets them (a division
 * leader, the president); and, for a reader on a party's side only, the parties they are or act
 * for (a party's appeal period is shown to that party's side alone).
 */
function reader(ctx: ActionContext, matter: Matter, permission: 'case.read' | 'filing.read'): { roles: string[]; ownParties: Set<number> | null } {
  const { grants } = authorizeOn(ctx, matter, permission);
  const partySide = grants.every((g) => g.via === 'case' && PARTY_SIDE.includes(g.role));
  const ownParties = partySide ? new Set(grants.flatMap((g) => (g.via === 'case' && g.member.for !== undefined ? [Number(g.member.for)] : []))) : null;
  return { roles: [...new Set(grants.map((g) => g.role))], ownParties };
}

/**
 * Every deadline of the case (`#domain/case-deadlines`: review, fee, hearing, transcript
 * signatures, trial limit, appeal periods, publication, refund) as the reader may see it: the
 * court every one; a party's side all but another party's appeal period (民事诉讼法 第一百七十一条:
 * each period runs from that party's own service, and is that party's to use). The trial limit and
 * the hearings are disclosed to the parties (流程公开规定 第七条).
 */
async function detailDeadlines(ctx: ActionContext, record: CaseRecord, ownParties: ReadonlySet<number> | null) {
  const all = (await readDeadlines(ctx.db, [record], ctx.now)).get(record._id) ?? [];
  return all.filter((d) => !ownParties || d.party === undefined || ownParties.has(d.party)).map(shown);
}

async function readTimeline(db: Database, caseId: string): Promise<CaseEvent[]> {
  const newest = await query<CaseEvent>(db.collection('case_events').where({ caseId }).orderBy('seq', 'desc').limit(TIMELINE_LIMIT).field(EVENT_FIELDS));
  return newest.reverse();
}

/** 案件详情: state, parties (masked), panel, hearings, deadlines counting down, documents and the verified timeline. */
export async function caseDetail(input: z.output<typeof CaseDetailInput>, ctx: ActionContext): Promise<CaseDetailOutput> {
  const [record, events] = await Promise.all([readWithCaller<CaseRecord>(ctx, 'cases', input.caseId), readTimeline(ctx.db, input.caseId)]);
  const filing = record ? null : await readWithCaller<FilingRecord>(ctx, 'filings', input.caseId);
  const target = record ?? filing;
  // A stranger learns nothing, not even whether the case exists.
  if (!target) throw new AppError('FORBIDDEN', '您不是本案的当事人或承办人员，无权查看或办理');
  const { roles: myRoles, ownParties } = reader(ctx, target, record ? 'case.read' : 'filing.read');
  const today = chinaDate(ctx.now);
  const check = checkWindow(target._id, events, target.chain);
  const timeline = events.map((e) => ({ seq: e.seq, action: e.action, label: eventLabel(e.action), at: e.at.toISOString(), actorRole: e.actorRole }));
  const chainVerified = check.verified;
  const chainCheck = { whole: check.whole, checked: check.checked, total: check.total, seal: check.seal };

  if (!record) {
    const f = target as FilingRecord;
    const refusal = f.state === 'refused' && f.refusal ? await refusalOf(ctx, f, f.refusal) : undefined;
    return {
      id: f._id,
      kind: 'filing',
      cause: f.cause,
      courtName: f.courtName,
      state: f.state,
      stateLabel: STATE_LABELS[f.state] ?? f.state,
      parties: f.parties.map(publicParty),
      myRoles,
      hearings: [],
      deadlines: [
        ...deadlinesOf(f.state === 'submitted' ? { reviewDueOn: f.reviewDueOn } : {}, ctx.now).map(shown),
        ...(refusal?.appealDueOn
          ? [{ label: StatutoryPeriods['appeal-ruling'].label, date: refusal.appealDueOn, daysLeft: daysLeft(today, refusal.appealDueOn) }]
          : []),
      ],
      ...(f.correction && f.state === 'correction' ? { correctionItems: f.correction.items } : {}),
      ...(refusal ? { refusal } : {}),
      ...(f.representation ? { representation: [representationView(f.representation, f.parties)] } : {}),
      documents: (f.documents ?? []).map((d) => ({ id: d.id, kind: d.kind, title: d.title, at: d.at.toISOString() })),
      timeline,
      chainVerified,
      chainCheck,
    };
  }

  const deadlines = await detailDeadlines(ctx, record, ownParties);
  return {
    id: record._id,
    kind: 'case',
    caseNumber: record.caseNumber,
    cause: record.cause,
    courtName: record.courtName,
    state: record.state,
    stateLabel: STATE_LABELS[record.state] ?? record.state,
    procedure: record.procedure === 'simplified' ? '简易程序' : '普通程序',
    filedOn: record.filedOn,
    parties: record.parties.map(publicParty),
    myRoles,
    ...(record.panel
      ? {
          panel: {
            presiding: record.panel.presiding.name,
            members: record.panel.members.map((m) => m.name),
            ...(record.panel.clerk ? { clerk: record.panel.clerk.name } : {}),
          },
        }
      : {}),
    hearings: record.hearings.map((h) => ({
      id: h.id,
      startsAt: chinaDateTime(h.startsAt),
      ...(h.endsAt ? { endsAt: chinaDateTime(h.endsAt) } : {}),
      place: h.place.kind === 'online' ? '在线庭审' : (h.place.room ?? '法庭'),
      ...(h.state === 'cancelled' ? { cancelled: true } : {}),
    })),
    deadlines,
    fee: {
      feeFen: record.fee.feeFen,
      dueOn: record.fee.dueOn,
      state: record.fee.state === 'unpaid' && today > record.fee.dueOn ? 'overdue' : record.fee.state,
      account: feeAccount(record.fee),
    },
    ...(record.representations?.length ? { representation: record.representations.map((r) => representationView(r, record.parties)) } : {}),
    documents: record.documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, at: d.at.toISOString() })),
    timeline,
    chainVerified,
    chainCheck,
  };
}

/**
 * A refused filing's ruling as its reader sees it: the reasons, and once it is served on them (on
 * the filer's own service, or for court staff the filer's), the last day to appeal it.
 */
async function refusalOf(
  ctx: ActionContext,
  filing: FilingRecord,
  refusal: NonNullable<FilingRecord['refusal']>,
): Promise<NonNullable<CaseDetailOutput['refusal']>> {
  const services = await query<Partial<Pick<ServiceRecord, 'recipient' | 'servedAt'> & Pick<OfflineServiceRecord, 'party' | 'servedOn'>>>(
    ctx.db
      .collection('services')
      .where({ caseId: filing._id, documentId: REFUSAL_RULING_ID })
      .field({ recipient: true, servedAt: true, party: true, servedOn: true })
      .limit(filing.members.length + filing.parties.length),
  );
  const service = services.find((s) => s.recipient === ctx.caller.openid) ?? services.find((s) => s.recipient === filing.owner);
  // A filer off the platform is served by post or in person, on the day the registrar records.
  const filer = filing.members.find((m) => m.openid === filing.owner);
  const offline = services.find((s) => s.servedOn && filer?.for !== undefined && s.party === Number(filer.for));
  const servedOn = service?.servedAt ? chinaDate(service.servedAt) : offline?.servedOn;
  return {
    reasons: refusal.reasons,
    decidedOn: chinaDate(refusal.at),
    rulingDocumentId: REFUSAL_RULING_ID,
    ...(servedOn ? { servedOn, appealDueOn: refusalAppealDueOn(servedOn) } : {}),
    appealBasis: REFUSAL_APPEAL_BASIS,
  };
}

/** 扫码查案: what the public may know from the acceptance notice's QR code; no names, no numbers of people. */
export async function queryCase(input: z.output<typeof CaseQueryInput>, ctx: ActionContext): Promise<CaseQueryOutput> {
  const [found] = await query<Pick<CaseRecord, 'caseNumber' | 'courtName' | 'cause' | 'state' | 'filedOn' | 'hearings'>>(
    ctx.db
      .collection('cases')
      .where({ publicCode: input.code })
      .field({ caseNumber: true, courtName: true, cause: true, state: true, filedOn: true, hearings: true })
      .limit(1),
  );
  assert(found, 'NOT_FOUND', '未查到该案件，请核对二维码');
  const next = found.hearings
    .filter((h) => h.state !== 'cancelled' && h.startsAt.getTime() >= ctx.now.getTime())
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  return {
    caseNumber: found.caseNumber,
    courtName: found.courtName,
    cause: found.cause,
    stateLabel: STATE_LABELS[found.state] ?? found.state,
    filedOn: found.filedOn,
    ...(next ? { nextHearing: { date: chinaDateTime(next.startsAt), place: next.place.kind === 'online' ? '在线庭审' : (next.place.room ?? '法庭') } } : {}),
  };
}

/**
 * 应诉: a verified defendant or third party joins the case under its number: a person by
 * their verified ID number; a company by its credit code, through the legal representative the
 * complaint names for it, matched by verified name (民事诉讼法 第五十一条; 民诉法解释 第五十条),
 * whose licence and certificate go into the dossier for the judge to examine. Their consent to
 * e-service is recorded with them.
 */
/**
 * A party on the case who declined e-service and now consents (民事诉讼法 第九十条: e-service with
 * the addressee's consent): what awaited offline service on it is served on the platform now.
 */
async function consentLater(
  ctx: ActionContext,
  found: Pick<CaseRecord, '_id' | 'parties' | 'members' | 'caseNumber' | 'courtId' | 'eService'>,
  index: number,
  member: CaseMember,
  input: z.output<typeof CaseJoinInput>,
  joinedAs: CaseJoinOutput,
): Promise<CaseJoinOutput> {
  const awaiting = await awaitingOffline(ctx, found._id, index);
  const consenting = { ...found, eService: { ...found.eService, [ctx.caller.openid]: input.service } };
  let notified: string[] = [];
  const answer = await ctx
    .commit(async (tx) => {
      const served = await serveOnJoining(tx, consenting, index, awaiting, ctx.now);
      notified = served.recipients;
      await changeCase(tx, found._id, ctx.now, (current) => {
        // Two taps at once: the consent the other recorded stands, and this one records nothing.
        if ((current as Pick<CaseRecord, 'eService'>).eService?.[ctx.caller.openid]?.consent) throw new ConsentedMeanwhile();
        return {
          event: { action: 'service.consented', ...actorOf(member), data: { party: index, served: served.served }, requestId: input.requestId },
          update: {
            [`eService.${ctx.caller.openid}`]: input.service,
            ...(served.proofs.length > 0 ? { documents: ctx.db.command.push(served.proofs) } : {}),
          },
        };
      });
      return joinedAs;
    })
    .catch((error: unknown) => {
      if (error instanceof ConsentedMeanwhile) return null;
      throw error;
    });
  if (answer === null) return joinedAs;
  if (awaiting.length > 0) await notifyServed(ctx, consenting, { document: awaiting.map((w) => w.title).join('、') }, notified);
  return answer;
}

/** Another attempt joined the same person for the same party first: this one changes nothing. */
class JoinedMeanwhile extends Error {}

/** Another attempt recorded the same consent to e-service first: this one changes nothing. */
class ConsentedMeanwhile extends Error {}

export async function joinCase(input: z.output<typeof CaseJoinInput>, ctx: ActionContext): Promise<CaseJoinOutput> {
  const caseNumber = normaliseCaseNumber(input.caseNumber);
  assert(caseNumber, 'INVALID_INPUT', '案号格式不正确，例如（2026）粤0106民初1号');
  assert(
    input.representation?.capacity !== 'authorised-agent',
    'FORBIDDEN',
    '单位的委托代理人应诉，须由法定代表人在平台应诉后委托，或向承办法官提交授权委托书',
  );
  // Found by its number, then read as authorize reads a case (an event not yet in it brought in first), and kept for the change.
  const [numbered] = await query<Pick<CaseRecord, '_id'>>(ctx.db.collection('cases').where({ caseNumber }).field({ _id: true }).limit(1));
  const found = numbered ? await readWithCaller<CaseRecord>(ctx, 'cases', numbered._id) : null;
  if (found) rememberRead(ctx, 'cases', found);
  const user = ctx.caller.user;
  const index = found
    ? found.parties.findIndex(
        (p) =>
          (p.role === 'defendant' || p.role === 'third-party') &&
          ((p.kind === 'natural' && p.idLookup !== undefined && p.idLookup === user?.idLookup) ||
            (p.kind === 'legal' && sameUscc(p.uscc, input.uscc) && isNamedRepresentative(p, user?.name))),
      )
    : -1;
  // The same answer whether the case is missing or the caller is not a party to it.
  assert(found && index >= 0, 'FORBIDDEN', '未找到您作为被告或第三人的案件，请核对案号与身份信息（单位应诉请填写统一社会信用代码，由法定代表人本人办理）');
  const party = found.parties[index];
  assert(party, 'FORBIDDEN', '未找到您作为被告或第三人的案件');
  const role = party.role as 'defendant' | 'third-party';
  const joiner: CaseMember = { openid: ctx.caller.openid, role, for: String(index) };
  if (found.members.some((m) => m.openid === ctx.caller.openid && m.for === String(index))) {
    // Joined before: joining again changes nothing, unless the party now consents to e-service it had declined.
    const unexamined = awaitsExamination(found, joiner);
    const joinedAs = { caseId: found._id, role, partyName: party.name, ...(unexamined ? { awaitingExamination: true } : {}) };
    return input.service.consent && !unexamined && !found.eService[ctx.caller.openid]?.consent
      ? consentLater(ctx, found, index, joiner, input, joinedAs)
      : joinedAs;
  }
  const acting = { capacity: 'legal-representative' as const, proofs: input.representation?.proofs ?? [] };
  if (party.kind === 'legal') requireProofs(acting, '为单位应诉', 'representation.proofs');
  const representation =
    party.kind === 'legal' ? { ...(await recordRepresentation(ctx, acting, `cases/${found._id}/representation`)), party: index } : undefined;
  // One who answers for a company holds nothing on the case, and is served nothing for it, until
  // the court examines the papers (`examineRepresentation`): a face and a name prove no office.
  const awaiting = input.service.consent && !representation ? await awaitingOffline(ctx, found._id, index) : [];
  const joined = { ...found, members: [...found.members, joiner], eService: { ...found.eService, [ctx.caller.openid]: input.service } };
  let notified: string[] = [];
  const joinedBefore = { caseId: found._id, role, partyName: party.name, ...(representation ? { awaitingExamination: true } : {}) };
  const answer = await ctx
    .commit(async (tx) => {
      // What awaited offline service on this party is served on the platform the moment it joins.
      const served = await serveOnJoining(tx, joined, index, awaiting, ctx.now);
      notified = served.recipients;
      const documents = [...served.proofs, ...(representation?.proofs.length ? representationDocuments(representation, party.name, ctx.now) : [])];
      await changeCase(tx, found._id, ctx.now, (current) => {
        // Joined by another attempt since the case was read (ten taps at once): one member, one event.
        if (current.members.some((m) => m.openid === joiner.openid && m.for === joiner.for)) throw new JoinedMeanwhile();
        return {
          event: {
            action: 'party.joined',
            ...actorOf(joiner),
            data: {
              party: index,
              eService: input.service.consent,
              served: served.served,
              ...(representation ? { representation: { capacity: representation.capacity, missing: representation.missing } } : {}),
            },
            requestId: input.requestId,
          },
          update: {
            members: ctx.db.command.push([joiner]),
            [`eService.${ctx.caller.openid}`]: input.service,
            ...(representation ? { representations: ctx.db.command.push([representation]) } : {}),
            ...(documents.length > 0 ? { documents: ctx.db.command.push(documents) } : {}),
          },
        };
      });
      return joinedBefore;
    })
    .catch(async (error: unknown) => {
      // Not joined by this attempt: the papers it copied go, unless the join another attempt recorded holds them.
      if (representation)
        await dropUnheld(
          ctx.cloud,
          representation.proofs.map((p) => p.file.fileID),
          caseHolds(ctx, found._id),
        );
      if (error instanceof JoinedMeanwhile) return null;
      throw error;
    });
  if (answer === null) return joinedBefore;
  if (awaiting.length > 0) await notifyServed(ctx, joined, { document: awaiting.map((w) => w.title).join('、') }, notified);
  return answer;
}

/**
 * 审核代表资格: the judge, clerk or registrar examines the papers of one who joined for a
 * legal-person party (民事诉讼法 第五十一条; 民诉法解释 第五十条: the registered legal representative
 * acts for it). Accepted, they act for the party from now, and what awaited service on it is served
 * on them; rejected, with reasons, they are taken off the case and told why.
 */
export async function examineRepresentation(
  input: Extract<z.output<typeof CaseVerifyInput>, { op: 'representation' }>,
  ctx: ActionContext,
): Promise<CaseVerifyOutput> {
  const { record, actor } = await authorize(ctx, input.caseId, 'representation.examine');
  const party = record.parties[input.party];
  const representations = record.representations ?? [];
  const at = representations.findIndex((r) => r.party === input.party && !r.examined && !r.rejected);
  const pending = representations[at];
  assert(party && pending, 'STATE', '该当事人没有待审核的代表资格材料');
  const accept = input.decision === 'accept';
  const decided = { by: ctx.caller.openid, at: ctx.now };
  const after = representations.map((r, i) =>
    i === at ? { ...r, ...(accept ? { examined: decided } : { rejected: { ...decided, reason: input.reason ?? '' } }) } : r,
  );
  const examined = { ...record, representations: after };
  const awaiting = accept && record.eService[pending.openid]?.consent ? await awaitingOffline(ctx, record._id, input.party) : [];
  const isTheirs = (m: CaseMember) => m.openid === pending.openid && m.for === String(input.party) && m.role === party.role;
  let notified: string[] = [];
  const answer = await ctx.commit(async (tx) => {
    const served = await serveOnJoining(tx, examined, input.party, awaiting, ctx.now);
    notified = served.recipients;
    await changeCase(tx, record._id, ctx.now, (current) => {
      const now = current.representations?.[at];
      assert(now && now.openid === pending.openid && !now.examined && !now.rejected, 'CONFLICT', '该代表资格已由他人审核，请刷新后查看');
      return {
        event: {
          action: 'representation.examined',
          ...actor,
          data: { party: input.party, decision: input.decision, served: served.served, ...(input.reason ? { reason: input.reason } : {}) },
          requestId: input.requestId,
        },
        update: {
          [`representations.${at}.${accept ? 'examined' : 'rejected'}`]: accept ? decided : { ...decided, reason: input.reason ?? '' },
          ...(accept ? {} : { members: ctx.db.command.set(current.members.filter((m) => !isTheirs(m))) }),
          ...(served.proofs.length > 0 ? { documents: ctx.db.command.push(served.proofs) } : {}),
        },
      };
    });
    return { op: 'representation' as const, party: party.name, decision: input.decision, served: served.served };
  });
  await notify(ctx, [
    {
      template: 'MC_TPL_CASE_PROGRESS',
      touser: pending.openid,
      page: pages.caseDetail(record._id),
      values: {
        caseNumber: record.caseNumber,
        progress: accept ? `${party.name}代表资格审核通过` : `${party.name}代表资格未获认可：${input.reason ?? ''}`,
      },
    },
  ]);
  if (awaiting.length > 0) await notifyServed(ctx, examined, { document: awaiting.map((w) => w.title).join('、') }, notified);
  return answer;
}
