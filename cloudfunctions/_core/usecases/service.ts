import * as z from 'zod';
import { deemedServedOn, servedAt, servesElectronically, serviceEffect, type OfflineServiceMethod, type ServiceEffect } from '#domain/e-service';
import { noticeInTime } from '#domain/hearings';
import { chinaDate } from '#domain/time';
import {
  AppError,
  appendCaseEvent,
  assert,
  attachUpload,
  findById,
  invalidField,
  knownRead,
  MAX_PAGE,
  notify,
  outsideOf,
  pages,
  query,
  readWithCaller,
  rememberRead,
  sha256Hex,
  type ActionContext,
  type CaseMember,
  type Transaction,
} from '#runtime';
import type { ServiceInboxInput, ServiceInboxOutput, ServiceReadInput, ServiceReadOutput, ServiceSendInput, ServiceSendOutput } from '#schemas/dossier';
import { authorize, authorizeInOwnCourt, authorizeOn, COURT_ROLES, partySideHolding, type Actor } from './access';
import { changeCase } from './case-change';
import { linkTo } from './dossier';
import { statementSignedFor } from './mediation';
import type { AnnouncementRecord, CaseDocument, CaseRecord, FilingRecord, MediationRecord, OfflineServiceRecord, ServiceRecord } from './records';

/** The people on a case told of its progress: parties and their agents who may read it now. */
export function partyMembers(record: ServedCase, now: Date): CaseMember[] {
  return partySideHolding(record, 'case.read', now);
}

export interface ServeResult {
  /** Every consenting recipient's service of the document, the ones made before included; `fresh` when made now. */
  served: { recipient: string; serviceId: string; effective: ServiceEffect; fresh: boolean }[];
  /** Parties with no consenting recipient on the platform: their services awaiting the clerk (by post or in person). */
  offline: string[];
  /** Whether anything was written: a repeat to the same addressees writes nothing. */
  changed: boolean;
}

/** The document served, and for a summons the hearing day it summons to. */
export interface ServedDocument {
  id: string;
  title: string;
  hearingOn?: string;
}

type ServedCase = Pick<CaseRecord, '_id' | 'caseNumber' | 'courtId' | 'members' | 'eService' | 'parties'> & Partial<Pick<CaseRecord, 'representations'>>;

/**
 * A service's id, the same for the same addressee so a repeat finds the first service; hashed,
 * because the id reaches every member of the case (the proof of service in the dossier) and must
 * not carry another party's openid.
 */
const electronicId = (caseId: string, documentId: string, openid: string) => sha256Hex(`${caseId}\n${documentId}\n${openid}`).slice(0, 32);
const offlineId = (caseId: string, documentId: string, party: number) => `${caseId}:${documentId}:party-${party}`;

/**
 * 送达, per addressee: every party the case names is served, each once. A party with a consenting
 * recipient on the platform (the party or its agent) is served electronically, arriving now; when
 * it takes effect is the rule in `#domain/e-service`. Any other party is put on the clerk's list
 * for service by post or in person. A document served before on an addressee is not served on it
 * again: its first service is the answer. `only` limits the service to some parties (one who joins).
 */
export async function serveDocument(
  tx: Transaction,
  record: ServedCase,
  document: ServedDocument,
  by: { openid: string },
  at: Date,
  only?: readonly number[],
): Promise<ServeResult> {
  const served: ServeResult['served'] = [];
  const offline: string[] = [];
  const created: (ServiceRecord | OfflineServiceRecord)[] = [];
  // Whose list an offline service is on: the case's panel and clerk, and whoever sent it (for a filing's refusal ruling, the registrar).
  const staff = [...new Set([...record.members.filter((m) => COURT_ROLES.includes(m.role)).map((m) => m.openid), by.openid])];
  const before = await servicesOf(tx, record, document.id, only);
  for (const [party, stored] of record.parties.entries()) {
    if (only && !only.includes(party)) continue;
    // The party, or its agent with the power to receive service (民事诉讼法 第六十二条), who consented to e-service.
    const recipients = partySideHolding(record, 'service.receive', at, party).filter((m) => servesElectronically(record.eService[m.openid]));
    const waitingId = offlineId(record._id, document.id, party);
    const waiting = (await before(waitingId)) as OfflineServiceRecord | null;
    // A party served once, by post or in person or on the platform when it joined, is not served again: the first service stands.
    if (waiting?.state === 'served') continue;
    if (waiting?.state === 'served-online') {
      for (const serviceId of waiting.servedOnline ?? []) {
        const first = (await before(serviceId)) as ServiceRecord | null;
        if (first) served.push({ recipient: first.recipient, serviceId, effective: serviceEffect(first), fresh: false });
      }
      continue;
    }
    if (recipients.length === 0) {
      if (!waiting) {
        created.push({
          _id: waitingId,
          channel: 'offline',
          caseId: record._id,
          caseNumber: record.caseNumber,
          courtId: record.courtId,
          documentId: document.id,
          title: document.title,
          party,
          partyName: stored.name,
          staff,
          ...(document.hearingOn ? { hearingOn: document.hearingOn } : {}),
          state: 'awaiting',
          sentAt: at,
          sentBy: by.openid,
        });
      }
      if (!waiting || waiting.state === 'awaiting') offline.push(waitingId);
      continue;
    }
    const fresh: string[] = [];
    for (const member of recipients) {
      const serviceId = electronicId(record._id, document.id, member.openid);
      const consent = record.eService[member.openid] ?? { consent: true, addressConfirmed: false };
      const existing = (await before(serviceId)) as ServiceRecord | null;
      if (existing) {
        served.push({ recipient: member.openid, serviceId, effective: serviceEffect(existing), fresh: false });
        continue;
      }
      const effective = servedAt({ addressConfirmed: consent.addressConfirmed, arrivedAt: at });
      created.push({
        _id: serviceId,
        caseId: record._id,
        caseNumber: record.caseNumber,
        documentId: document.id,
        title: document.title,
        party,
        recipient: member.openid,
        recipientRole: member.role,
        addressConfirmed: consent.addressConfirmed,
        sentAt: at,
        arrivedAt: at,
        ...(effective ? { servedAt: effective } : {}),
        sentBy: by.openid,
      });
      served.push({ recipient: member.openid, serviceId, effective: serviceEffect(consent), fresh: true });
      fresh.push(serviceId);
    }
    // The party came onto the platform after the document was put on the clerk's list: served now,
    // off the list (read in the transaction, so a clerk's record of it made meanwhile is not overwritten).
    if (waiting?.state === 'awaiting' && fresh.length > 0) {
      const current = await findById<OfflineServiceRecord>(tx, 'services', waitingId);
      if (current?.state === 'awaiting')
        await tx
          .collection('services')
          .doc(waitingId)
          .update({ data: { state: 'served-online', servedOnline: fresh } });
    }
  }
  await createAll(tx, created);
  return { served, offline, changed: created.length > 0 };
}

/**
 * The services of one document on a case, found by id: inside a call's transaction all of them in
 * one query made outside it (a transaction takes documents by id only), each a guess the writes
 * check (a new service is inserted, and one a racing twin made first collides and the attempt is
 * made again); otherwise each read in the transaction.
 */
async function servicesOf(
  tx: Transaction,
  record: Pick<ServedCase, '_id'>,
  documentId: string,
  only: readonly number[] | undefined,
): Promise<(id: string) => Promise<ServiceRecord | OfflineServiceRecord | null>> {
  const db = outsideOf(tx);
  if (!db) return (id) => findById<ServiceRecord | OfflineServiceRecord>(tx, 'services', id);
  const found = await query<ServiceRecord | OfflineServiceRecord>(
    db
      .collection('services')
      .where({ caseId: record._id, documentId, ...(only ? { party: db.command.in([...only]) } : {}) })
      .limit(MAX_PAGE),
  );
  const byId = new Map(found.map((service) => [service._id, service]));
  return async (id) => byId.get(id) ?? null;
}

/** The documents awaiting offline service on one party of a case. */
export async function awaitingOffline(ctx: ActionContext, caseId: string, party: number): Promise<OfflineServiceRecord[]> {
  return query<OfflineServiceRecord>(ctx.db.collection('services').where({ caseId, party, state: 'awaiting' }).orderBy('sentAt', 'asc').limit(MAX_PAGE));
}

/**
 * A party comes onto the platform (应诉) consenting to e-service: what awaited offline service on
 * it is served on the platform now, and taken off the clerk's list.
 */
export async function serveOnJoining(
  tx: Transaction,
  record: ServedCase,
  party: number,
  awaiting: readonly OfflineServiceRecord[],
  at: Date,
): Promise<{ proofs: CaseDocument[]; recipients: string[]; served: number }> {
  const proofs: CaseDocument[] = [];
  const recipients = new Set<string>();
  let served = 0;
  for (const waiting of awaiting) {
    const document = { id: waiting.documentId, title: waiting.title, ...(waiting.hearingOn ? { hearingOn: waiting.hearingOn } : {}) };
    const result = await serveDocument(tx, record, document, { openid: waiting.sentBy }, at, [party]);
    proofs.push(...proofsOf(result, waiting.title, at, waiting.sentBy));
    for (const openid of freshRecipients(result)) recipients.add(openid);
    served += result.served.filter((s) => s.fresh).length;
  }
  return { proofs, recipients: [...recipients], served };
}

/** A notice superseded before it reached a party off the platform (a hearing moved or cancelled) comes off the clerk's list. */
export async function withdrawOffline(tx: Transaction, record: Pick<CaseRecord, '_id' | 'parties'>, documentId: string): Promise<void> {
  for (const party of record.parties.keys()) {
    const id = offlineId(record._id, documentId, party);
    const waiting = await findById<OfflineServiceRecord>(tx, 'services', id);
    if (waiting?.state === 'awaiting')
      await tx
        .collection('services')
        .doc(id)
        .update({ data: { state: 'withdrawn' } });
  }
}

/** Writes the new services in one insert: one a racing twin made first collides, and the transaction is made again. */
async function createAll(tx: Transaction, services: readonly (ServiceRecord | OfflineServiceRecord)[]): Promise<void> {
  if (services.length > 0) await tx.collection('services').add({ data: [...services] });
}

/** The proofs of service (送达回证) a service issues at once: one for each new service effective on arrival. */
export function proofsOf(result: ServeResult, title: string, at: Date, by: string): CaseDocument[] {
  return result.served
    .filter((s) => s.fresh && s.effective === 'on-arrival')
    .map((s) => ({ id: `proof:${s.serviceId}`, kind: 'service-proof', title: `送达回证（${title}）`, at, by }));
}

/** What service-send and hearing-schedule answer of a service. */
export const answerOf = (result: ServeResult) => ({
  served: result.served.map((s) => ({ serviceId: s.serviceId, effective: s.effective })),
  offline: result.offline.length,
});

/** 送达: the judge or clerk serves a dossier document, or a court document uploaded now, on every party; or records an offline service. */
export async function sendService(input: z.output<typeof ServiceSendInput>, ctx: ActionContext): Promise<ServiceSendOutput> {
  if (input.offlineService) return recordOfflineService(input.offlineService, input.requestId, await offlineServer(ctx, input.caseId), ctx);
  const { record, actor } = await authorize(ctx, input.caseId, 'service.send');
  let document: CaseDocument | undefined = input.documentId ? record.documents.find((d) => d.id === input.documentId) : undefined;
  if (input.documentId) assert(document, 'NOT_FOUND', '卷宗中没有该文书');
  let added: CaseDocument | undefined;
  if (input.document) {
    const file = await attachUpload(ctx.cloud, ctx.caller.openid, input.document.file, `cases/${record._id}/court`);
    const id = `court-${file.sha256.slice(0, 16)}`;
    // The same file uploaded again is the document already in the dossier, served again.
    document = record.documents.find((d) => d.id === id);
    if (!document) {
      added = { id, kind: 'served-document', title: input.document.title, file, at: ctx.now, by: ctx.caller.openid };
      document = added;
    }
  }
  const target = document as CaseDocument;
  // A summons superseded by a later notice (the hearing moved or cancelled) summons to nothing.
  if (target.kind === 'hearing-notice' && target.hearing) {
    const hearing = record.hearings.find((h) => h.id === target.hearing?.hearingId);
    assert(hearing && (hearing.noticeId ?? target.id) === target.id, 'STATE', '该开庭传票已因开庭变更或取消而失效，请送达现行的开庭通知');
  }
  const served: ServedDocument = { id: target.id, title: target.title, ...(target.hearing ? { hearingOn: chinaDate(target.hearing.startsAt) } : {}) };
  let notified: string[] = [];
  const answer = await ctx.commit(async (tx) => {
    const service = await serveDocument(tx, record, served, ctx.caller, ctx.now);
    const proofs = proofsOf(service, target.title, ctx.now, ctx.caller.openid);
    notified = freshRecipients(service);
    const answer: ServiceSendOutput = { documentId: target.id, ...answerOf(service) };
    // A repeat that serves no one new changes nothing on the case.
    if (!added && !service.changed) return answer;
    await changeCase(tx, record._id, ctx.now, (current) => {
      if (added) assert(!current.documents.some((d) => d.id === added.id), 'CONFLICT', '该文书已在卷宗中');
      return {
        event: {
          action: 'service.sent',
          ...actor,
          data: { documentId: target.id, title: target.title, served: service.served.filter((s) => s.fresh).length, offline: service.offline.length },
          requestId: input.requestId,
        },
        update: { documents: ctx.db.command.push([...(added ? [added] : []), ...proofs]) },
      };
    });
    return answer;
  });
  await notifyServed(ctx, record, { document: target.title }, notified);
  return answer;
}

export const freshRecipients = (result: ServeResult) => result.served.filter((s) => s.fresh).map((s) => s.recipient);

/**
 * Who records an offline service, and where: on a case its panel or clerk; on a refused filing (never a case) a registrar
 * of its court; on a pre-filing mediation (its 民特 ruling) the judge who decides the confirmation.
 */
interface OfflineServer {
  record: Pick<CaseRecord, '_id'> & Partial<Pick<CaseRecord, 'procedure' | 'documents' | 'state'>>;
  actor: Actor;
  collection: 'cases' | 'filings' | 'mediations';
}

async function offlineServer(ctx: ActionContext, caseId: string): Promise<OfflineServer> {
  const [filing, mediation] = await Promise.all([
    readWithCaller<FilingRecord>(ctx, 'filings', caseId, { state: true, courtId: true, members: true, parties: true }),
    findById<MediationRecord>(ctx.db, 'mediations', caseId, { stage: true, courtId: true, members: true, parties: true }),
  ]);
  if (filing?.state === 'refused') {
    const { actor } = authorizeOn(ctx, filing, 'filing.record-service');
    return { record: { _id: caseId }, actor, collection: 'filings' };
  }
  // A mediation inside a case serves its 调解书 on the case; only a pre-filing one has services of its own.
  if (mediation?.stage === 'pre-filing') {
    const { actor } = authorizeOn(ctx, mediation, 'service.record');
    return { record: { _id: caseId }, actor, collection: 'mediations' };
  }
  const { record, actor } = await authorize(ctx, caseId, 'service.record');
  return { record, actor, collection: 'cases' };
}

/**
 * 调解书 (民事诉讼法 第一百条; 民诉法解释 第一百三十三条): served on the party in person and effective on
 * its signature, so neither left with one who refuses it nor deemed served by notice or post.
 */
const STATEMENT_REFUSED: Partial<Record<OfflineServiceMethod, string>> = {
  lodged: '调解书应当直接送达当事人本人，不适用留置送达（民诉法解释 第一百三十三条；民事诉讼法 第八十九条）',
  'public-notice': '调解书经双方当事人签收后才具有法律效力，不能公告送达（民事诉讼法 第一百条；民诉法解释 第一百三十三条）',
  post: '调解书应当直接送达当事人本人签收，不能邮寄送达（民诉法解释 第一百三十三条）',
};

/**
 * 线下送达: the clerk records a document on their list served by post or in person, on the day
 * the proof of service or the return receipt shows (`OFFLINE_SERVICE_METHODS`). A summons served
 * too late for the three days is recorded, and flagged.
 */
async function recordOfflineService(
  entry: NonNullable<z.output<typeof ServiceSendInput>['offlineService']>,
  requestId: string,
  { record, actor, collection }: OfflineServer,
  ctx: ActionContext,
): Promise<ServiceSendOutput> {
  const today = chinaDate(ctx.now);
  if (entry.servedOn && entry.servedOn > today) throw invalidField('offlineService.servedOn', '送达日期不能晚于今天');
  // 公告送达 (民事诉讼法 第九十五条): published today, deemed served thirty days on.
  const byNotice = entry.method === 'public-notice';
  const servedOn = byNotice ? deemedServedOn(today) : (entry.servedOn ?? today);
  return ctx.commit(async (tx) => {
    const service = await findById<OfflineServiceRecord>(tx, 'services', entry.serviceId);
    assert(service && service.channel === 'offline' && service.caseId === record._id, 'NOT_FOUND', '未找到该待送达记录');
    // A filing or a 民特 case has no clerk: its ruling is on the list of the registrar or judge who sent it.
    assert(collection === 'cases' || service.staff.includes(ctx.caller.openid), 'FORBIDDEN', '该文书不在您的待送达名单上');
    assert(
      service.state === 'awaiting',
      'STATE',
      service.state === 'served' ? '该文书已登记送达' : service.state === 'withdrawn' ? '该文书已失效，无需再送达' : '当事人已在平台上受领该文书',
    );
    const statement = record.documents?.find((d) => d.id === service.documentId)?.kind === 'mediation-statement';
    const refused = statement ? STATEMENT_REFUSED[entry.method] : undefined;
    if (refused) throw new AppError('INVALID_INPUT', refused, { fields: { 'offlineService.method': refused } });
    const sentOn = chinaDate(service.sentAt);
    if (!byNotice && servedOn < sentOn)
      throw new AppError('INVALID_INPUT', `送达日期不能早于文书发出之日（${sentOn}）`, {
        fields: { 'offlineService.servedOn': `送达日期不能早于文书发出之日（${sentOn}）` },
      });
    const inTime = service.hearingOn && record.procedure ? noticeInTime(servedOn, service.hearingOn, record.procedure) : undefined;
    await tx
      .collection('services')
      .doc(service._id)
      .update({
        data: {
          state: 'served',
          method: entry.method,
          servedOn,
          ...(byNotice ? { announcedOn: today } : {}),
          ...(entry.reference ? { reference: entry.reference } : {}),
          ...(entry.method === 'lodged' && entry.reason ? { reason: entry.reason } : {}),
          recordedBy: ctx.caller.openid,
        },
      });
    const announcementId = `notice-${service._id}`;
    if (byNotice) {
      const announcement: AnnouncementRecord = {
        _id: announcementId,
        kind: 'service-by-notice',
        courtId: service.courtId,
        caseId: record._id,
        caseNumber: service.caseNumber,
        title: `公告送达${service.title}`,
        body:
          `${service.partyName}：因${entry.reason ?? ''}，依照《中华人民共和国民事诉讼法》第九十五条的规定，本院向你公告送达（${service.caseNumber}）${service.title}。` +
          `自公告之日起经过三十日，即视为送达。`,
        publishedAt: ctx.now,
        periodEndsOn: servedOn,
      };
      const { _id, ...data } = announcement;
      await tx.collection('announcements').doc(_id).set({ data });
    }
    const { chain } = await changeCase(
      tx,
      record._id,
      ctx.now,
      () => ({
        event: {
          action: 'service.recorded',
          ...actor,
          data: {
            serviceId: service._id,
            documentId: service.documentId,
            party: service.party,
            method: entry.method,
            servedOn,
            ...(byNotice ? { announcedOn: today, announcementId, reason: entry.reason } : {}),
            ...(entry.method === 'lodged' ? { reason: entry.reason } : {}),
          },
          requestId,
        },
      }),
      collection,
    );
    // The party signed for the 调解书 on the proof of service: its receipt, and the last one makes it effective (民事诉讼法 第一百条).
    const closed = statement
      ? await statementSignedFor(
          tx,
          ctx,
          record as CaseRecord,
          { documentId: service.documentId, party: service.party, on: servedOn, serviceId: service._id },
          actor,
          requestId,
        )
      : undefined;
    if (closed) {
      const next = await appendCaseEvent(tx, record._id, chain, closed.event, ctx.now);
      await tx
        .collection('cases')
        .doc(record._id)
        .update({ data: { ...closed.update, chain: next, updatedAt: ctx.now } });
    }
    return {
      documentId: service.documentId,
      served: [],
      offline: 0,
      recorded: {
        serviceId: service._id,
        method: entry.method,
        servedOn,
        ...(inTime === undefined ? {} : { noticeInTime: inTime }),
        ...(byNotice ? { announcementId } : {}),
      },
    };
  });
}

/** Tells every party on the platform that a document was served on them, linking to their inbox. */
export async function notifyServed(
  ctx: ActionContext,
  record: ServedCase,
  values: { document: string; hearingAt?: Date },
  recipients?: readonly string[],
): Promise<void> {
  await notify(
    ctx,
    partyMembers(record, ctx.now)
      .filter((m) => !recipients || recipients.includes(m.openid))
      .map((m) => ({
        template: 'MC_TPL_SERVICE',
        touser: m.openid,
        page: pages.inbox(),
        values: { caseNumber: record.caseNumber, ...values },
      })),
  );
}

const MEDIATION_SERVED_FIELDS = {
  number: true,
  stage: true,
  courtId: true,
  courtName: true,
  members: true,
  parties: true,
  documents: true,
  confirmation: true,
  'agreement.text': true,
  'agreement.effectiveOn': true,
  chain: true,
};

/** What a service was made on: a case, a filing that never became one, or a pre-filing mediation (its 民特 ruling). */
async function servedOn(
  ctx: ActionContext,
  id: string,
): Promise<{ record: CaseRecord | FilingRecord | MediationRecord; collection: 'cases' | 'filings' | 'mediations' } | null> {
  for (const collection of ['cases', 'filings'] as const) {
    // Read as authorize reads a case (an event not yet in it brought in first), and kept for the change.
    const record = await readWithCaller<CaseRecord | FilingRecord>(ctx, collection, id);
    if (record) {
      rememberRead(ctx, collection, record);
      return { record, collection };
    }
  }
  // A mediation: what the ruling, its service and its proofs are rendered from, not what was said in it.
  const record = await findById<MediationRecord>(ctx.db, 'mediations', id, MEDIATION_SERVED_FIELDS);
  return record ? { record, collection: 'mediations' } : null;
}

/** 送达文书: what has been served on the caller, newest first; for the judge or clerk, the list awaiting offline service. */
export async function serviceInbox(input: z.output<typeof ServiceInboxInput>, ctx: ActionContext): Promise<ServiceInboxOutput> {
  if (input.view === 'offline') return offlineList(input, ctx);
  const services = await query<ServiceRecord>(
    ctx.db
      .collection('services')
      .where({ recipient: ctx.caller.openid })
      .orderBy('sentAt', 'desc')
      .skip(input.page * input.pageSize)
      .limit(input.pageSize + 1),
  );
  return {
    items: services.slice(0, input.pageSize).map((s) => ({
      serviceId: s._id,
      caseId: s.caseId,
      caseNumber: s.caseNumber,
      title: s.title,
      sentAt: s.sentAt.toISOString(),
      ...(s.readAt ? { readAt: s.readAt.toISOString() } : {}),
      ...(s.servedAt ? { servedAt: s.servedAt.toISOString() } : {}),
    })),
    hasMore: services.length > input.pageSize,
  };
}

/**
 * 待线下送达: what awaits service by post or in person on the cases the caller judges or clerks,
 * oldest first, with the party's address as filed (court staff may see it; parties never do).
 */
async function offlineList(input: z.output<typeof ServiceInboxInput>, ctx: ActionContext): Promise<ServiceInboxOutput> {
  await authorizeInOwnCourt(ctx, 'service.offline-list');
  const services = await query<OfflineServiceRecord>(
    ctx.db
      .collection('services')
      .where({ staff: ctx.caller.openid, state: 'awaiting' })
      .orderBy('sentAt', 'asc')
      .skip(input.page * input.pageSize)
      .limit(input.pageSize + 1),
  );
  const page = services.slice(0, input.pageSize);
  const caseIds = [...new Set(page.map((s) => s.caseId))];
  // A refused filing's ruling is served on the parties as the filing names them.
  const cases =
    caseIds.length === 0
      ? []
      : (
          await Promise.all(
            (['cases', 'filings'] as const).map((collection) =>
              query<Pick<CaseRecord, '_id' | 'parties'>>(
                ctx.db
                  .collection(collection)
                  .where({ _id: ctx.db.command.in(caseIds) })
                  .field({ _id: true, parties: true })
                  .limit(caseIds.length),
              ),
            ),
          )
        ).flat();
  const addressOf = (s: OfflineServiceRecord) => cases.find((c) => c._id === s.caseId)?.parties[s.party]?.address;
  return {
    items: page.map((s) => {
      const address = addressOf(s);
      return {
        serviceId: s._id,
        caseId: s.caseId,
        caseNumber: s.caseNumber,
        title: s.title,
        sentAt: s.sentAt.toISOString(),
        partyName: s.partyName,
        ...(address ? { address } : {}),
        ...(s.hearingOn ? { hearingOn: s.hearingOn } : {}),
      };
    }),
    hasMore: services.length > input.pageSize,
  };
}

/**
 * 阅读回执: the recipient opens a served document. The first read is recorded; where the
 * address was never confirmed, service takes effect now and the proof of service is issued.
 */
export async function readService(input: z.output<typeof ServiceReadInput>, ctx: ActionContext): Promise<ServiceReadOutput> {
  const service = await findById<ServiceRecord>(ctx.db, 'services', input.serviceId);
  // Someone else's service is as invisible as a missing one.
  assert(service && service.recipient === ctx.caller.openid, 'NOT_FOUND', '未找到该送达记录');
  // A refusal ruling is served on a filing that never became a case; a confirmation ruling on a pre-filing mediation.
  const found = await servedOn(ctx, service.caseId);
  const record = found?.record;
  const document = record?.documents?.find((d) => d.id === service.documentId);
  assert(record && document, 'NOT_FOUND', '送达的文书不存在，请联系书记员');
  // An agent whose mandate has ended, or who no longer receives service for the party, reads it no more.
  authorizeOn(ctx, record, 'service.receive');
  const rendered: string[] = [];
  try {
    // A first read is recorded by its event (`service.read`); a read after it, in the dossier's read log.
    const link = await linkTo(ctx, record, document, service.recipientRole, rendered, !service.readAt);
    if (service.readAt)
      return { serviceId: service._id, readAt: service.readAt.toISOString(), servedAt: (service.servedAt ?? service.readAt).toISOString(), url: link.url };
    const effective = servedAt({ ...service, readAt: ctx.now }) ?? ctx.now;
    // The service was read before its case, so the case is what says whether it has been read since
    // (`readServices`, written with the read's event): a read on another device meanwhile is refused, not recorded twice.
    rememberRead(ctx, 'services', service);
    return await ctx.commit(async (tx) => {
      const current = knownRead<ServiceRecord>(tx, 'services', service._id) ?? (await findById<ServiceRecord>(tx, 'services', service._id));
      assert(current && !current.readAt, 'CONFLICT', '已记录阅读');
      await tx
        .collection('services')
        .doc(service._id)
        .update({ data: { readAt: ctx.now, servedAt: effective } });
      await changeCase(
        tx,
        service.caseId,
        ctx.now,
        (currentCase) => {
          assert(!(currentCase.readServices ?? []).includes(service._id), 'CONFLICT', '已记录阅读');
          return {
            event: {
              action: 'service.read',
              actor: ctx.caller.openid,
              actorRole: service.recipientRole,
              data: { serviceId: service._id, documentId: service.documentId, servedAt: effective.toISOString() },
              requestId: input.requestId,
            },
            update: {
              readServices: ctx.db.command.push([service._id]),
              ...(service.servedAt
                ? {}
                : {
                    documents: ctx.db.command.push([
                      { id: `proof:${service._id}`, kind: 'service-proof', title: `送达回证（${service.title}）`, at: ctx.now, by: 'system' },
                    ]),
                  }),
            },
          };
        },
        found.collection,
      );
      return { serviceId: service._id, readAt: ctx.now.toISOString(), servedAt: effective.toISOString(), url: link.url };
    });
  } catch (error) {
    // The receipt was not recorded: the notice rendered for it goes too (every read renders it again). Not
    // when another attempt recorded it meanwhile (a refusal or conflict): that one's link is to this file.
    if (rendered.length > 0 && !(error instanceof AppError)) await Promise.resolve(ctx.cloud.deleteFile({ fileList: rendered })).catch(() => undefined);
    throw error;
  }
}
