import * as z from 'zod';
import { servedAt, serviceEffect, type ServiceEffect } from '#domain/e-service';
import { assert, attachUpload, findById, notify, pages, query, type ActionContext, type CaseMember, type Transaction } from '#runtime';
import type { ServiceInboxInput, ServiceInboxOutput, ServiceReadInput, ServiceReadOutput, ServiceSendInput, ServiceSendOutput } from '#schemas/dossier';
import { caseForCaller as caseFor, COURT_ROLES } from './access';
import { changeCase } from './case-change';
import { linkTo } from './dossier';
import type { CaseDocument, CaseRecord, FilingRecord, ServiceRecord } from './records';

const PARTY_ROLES: ReadonlySet<string> = new Set(['plaintiff', 'defendant', 'third-party', 'agent']);

/** The people on a case who receive its documents: parties and their agents. */
export function partyMembers(record: Pick<CaseRecord, 'members'>): CaseMember[] {
  const seen = new Set<string>();
  return record.members.filter((m) => PARTY_ROLES.has(m.role) && !seen.has(m.openid) && seen.add(m.openid));
}

export interface ServeResult {
  served: { recipient: string; serviceId: string; effective: ServiceEffect }[];
  /** Parties who did not consent to e-service: the clerk serves them another way. */
  offline: string[];
}

/**
 * 电子送达: one service per consenting party, arriving on the platform now; when each takes
 * effect is the rule in `#domain/e-service`.
 */
export async function serveDocument(
  tx: Transaction,
  record: Pick<CaseRecord, '_id' | 'caseNumber' | 'members' | 'eService'>,
  document: { id: string; title: string },
  by: { openid: string },
  at: Date,
): Promise<ServeResult> {
  const served: ServeResult['served'] = [];
  const offline: string[] = [];
  for (const member of partyMembers(record)) {
    const consent = record.eService[member.openid];
    if (!consent?.consent) {
      offline.push(member.openid);
      continue;
    }
    const effective = servedAt({ addressConfirmed: consent.addressConfirmed, arrivedAt: at });
    const service: ServiceRecord = {
      _id: `${record._id}:${document.id}:${member.openid}`,
      caseId: record._id,
      caseNumber: record.caseNumber,
      documentId: document.id,
      title: document.title,
      recipient: member.openid,
      recipientRole: member.role,
      addressConfirmed: consent.addressConfirmed,
      sentAt: at,
      arrivedAt: at,
      ...(effective ? { servedAt: effective } : {}),
      sentBy: by.openid,
    };
    await tx.collection('services').add({ data: service });
    served.push({ recipient: member.openid, serviceId: service._id, effective: serviceEffect(consent) });
  }
  return { served, offline };
}

/** 电子送达: the judge or clerk serves a dossier document, or a court document uploaded now, on the consenting parties. */
export async function sendService(input: z.output<typeof ServiceSendInput>, ctx: ActionContext): Promise<ServiceSendOutput> {
  const { record, actor } = await caseFor(ctx, input.caseId, COURT_ROLES);
  let document: CaseDocument | undefined = input.documentId ? record.documents.find((d) => d.id === input.documentId) : undefined;
  if (input.documentId) assert(document, 'NOT_FOUND', '卷宗中没有该文书');
  let added: CaseDocument | undefined;
  if (input.document) {
    const file = await attachUpload(ctx.cloud, ctx.caller.openid, input.document.file, `cases/${record._id}/court`);
    added = { id: `court-${file.sha256.slice(0, 16)}`, kind: 'served-document', title: input.document.title, file, at: ctx.now, by: ctx.caller.openid };
    document = added;
  }
  const target = document as CaseDocument;
  const result = await ctx.commit(async (tx) => {
    const service = await serveDocument(tx, record, target, ctx.caller, ctx.now);
    const proofs = service.served
      .filter((s) => s.effective === 'on-arrival')
      .map((s): CaseDocument => ({
        id: `proof:${s.serviceId}`,
        kind: 'service-proof',
        title: `送达回证（${target.title}）`,
        at: ctx.now,
        by: ctx.caller.openid,
      }));
    await changeCase(tx, record._id, ctx.now, (current) => {
      if (added) assert(!current.documents.some((d) => d.id === added.id), 'CONFLICT', '该文书已在卷宗中');
      return {
        event: {
          action: 'service.sent',
          ...actor,
          data: { documentId: target.id, title: target.title, served: service.served.length, offline: service.offline.length },
          requestId: input.requestId,
        },
        update: { documents: ctx.db.command.push([...(added ? [added] : []), ...proofs]) },
      };
    });
    return { documentId: target.id, served: service.served.map((s) => ({ serviceId: s.serviceId, effective: s.effective })), offline: service.offline.length };
  });
  await notifyServed(ctx, record, { document: target.title });
  return result;
}

/** Tells every party on the platform that a document was served on them, linking to their inbox. */
export async function notifyServed(
  ctx: ActionContext,
  record: Pick<CaseRecord, 'members' | 'caseNumber'>,
  values: { document: string; hearingAt?: Date },
): Promise<void> {
  await notify(
    ctx,
    partyMembers(record).map((m) => ({
      template: 'MC_TPL_SERVICE',
      touser: m.openid,
      page: pages.inbox(),
      values: { caseNumber: record.caseNumber, ...values },
    })),
  );
}

/** 送达文书: what has been served on the caller, newest first. */
export async function serviceInbox(input: z.output<typeof ServiceInboxInput>, ctx: ActionContext): Promise<ServiceInboxOutput> {
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
 * 阅读回执: the recipient opens a served document. The first read is recorded; where the
 * address was never confirmed, service takes effect now and the proof of service is issued.
 */
export async function readService(input: z.output<typeof ServiceReadInput>, ctx: ActionContext): Promise<ServiceReadOutput> {
  const service = await findById<ServiceRecord>(ctx.db, 'services', input.serviceId);
  // Someone else's service is as invisible as a missing one.
  assert(service && service.recipient === ctx.caller.openid, 'NOT_FOUND', '未找到该送达记录');
  // A refusal ruling is served on a filing that never became a case.
  const record = (await findById<CaseRecord>(ctx.db, 'cases', service.caseId)) ?? (await findById<FilingRecord>(ctx.db, 'filings', service.caseId));
  const document = record?.documents?.find((d) => d.id === service.documentId);
  assert(record && document, 'NOT_FOUND', '送达的文书不存在，请联系书记员');
  const link = await linkTo(ctx, record, document, service.recipientRole);
  if (service.readAt)
    return { serviceId: service._id, readAt: service.readAt.toISOString(), servedAt: (service.servedAt ?? service.readAt).toISOString(), url: link.url };
  const effective = servedAt({ ...service, readAt: ctx.now }) ?? ctx.now;
  return ctx.commit(async (tx) => {
    const current = await findById<ServiceRecord>(tx, 'services', service._id);
    assert(current && !current.readAt, 'CONFLICT', '已记录阅读');
    await tx
      .collection('services')
      .doc(service._id)
      .update({ data: { readAt: ctx.now, servedAt: effective } });
    await changeCase(
      tx,
      service.caseId,
      ctx.now,
      () => ({
        event: {
          action: 'service.read',
          actor: ctx.caller.openid,
          actorRole: service.recipientRole,
          data: { serviceId: service._id, documentId: service.documentId, servedAt: effective.toISOString() },
          requestId: input.requestId,
        },
        update: service.servedAt
          ? {}
          : {
              documents: ctx.db.command.push([
                { id: `proof:${service._id}`, kind: 'service-proof', title: `送达回证（${service.title}）`, at: ctx.now, by: 'system' },
              ]),
            },
      }),
      'caseNumber' in record ? 'cases' : 'filings',
    );
    return { serviceId: service._id, readAt: ctx.now.toISOString(), servedAt: effective.toISOString(), url: link.url };
  });
}
