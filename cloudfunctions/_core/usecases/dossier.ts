import * as z from 'zod';
import { acceptanceNotice, feeNotice, hearingSummons, serviceProof, type NoticeCase } from '#domain/notices';
import { chinaDateTime } from '#domain/time';
import { AppError, assert, attachUpload, findById, notify, rehash, type ActionContext, type CaseRole, type StoredFile } from '#runtime';
import { caseForCaller as caseFor } from './access';
import type {
  DossierListInput,
  DossierListOutput,
  DossierUrlInput,
  DossierUrlOutput,
  EvidenceAddInput,
  EvidenceAddOutput,
  EvidenceListInput,
  EvidenceListOutput,
  EvidenceOpinionInput,
  EvidenceOpinionOutput,
  EvidenceVerifyInput,
  EvidenceVerifyOutput,
  MessageListInput,
  MessageListOutput,
  MessageSendInput,
  MessageSendOutput,
  ServiceInboxInput,
  ServiceInboxOutput,
  ServiceReadInput,
  ServiceReadOutput,
  ServiceSendInput,
  ServiceSendOutput,
} from '#schemas/dossier';
import { changeCase } from './case-change';
import type { CaseDocument, CaseRecord, ServiceRecord } from './records';
import { partyMembers, serveDocument } from './service';

const PARTY_SIDE_ROLES: readonly CaseRole[] = ['plaintiff', 'defendant', 'third-party', 'agent'];
const COURT_ROLES: readonly CaseRole[] = ['presiding-judge', 'panel-member', 'clerk'];
const READERS: readonly CaseRole[] = [...PARTY_SIDE_ROLES, ...COURT_ROLES, 'registrar'];
/** A temp URL to the dossier lives ten minutes. */
const URL_SECONDS = 600;


/** Which side the caller is on: a party's own role, or the role of the party an agent acts for. */
function sideOf(record: CaseRecord, openid: string): string {
  for (const member of record.members.filter((m) => m.openid === openid)) {
    if (member.role === 'agent') return record.parties[Number(member.for)]?.role ?? 'agent';
    if (member.role === 'plaintiff' || member.role === 'defendant' || member.role === 'third-party') return member.role;
  }
  return 'court';
}

interface EvidenceRecord {
  _id: string;
  caseId: string;
  title: string;
  proves: string;
  side: string;
  submittedBy: string;
  submittedAt: Date;
  file: StoredFile;
  opinions: { side: string; by: string; authenticity: string; legality: string; relevance: string; text?: string; at: Date }[];
}

// --- evidence -----------------------------------------------------------------------------------

/** 提交证据: the caller's uploads attached to the case, hashed on the server, catalogued with what they prove. */
export async function addEvidence(input: z.output<typeof EvidenceAddInput>, ctx: ActionContext): Promise<EvidenceAddOutput> {
  const { record } = await caseFor(ctx, input.caseId, PARTY_SIDE_ROLES);
  assert(record.state !== 'closed' && record.state !== 'withdrawn', 'STATE', '本案已结案，不能再提交证据');
  const side = sideOf(record, ctx.caller.openid);
  const files = await Promise.all(input.items.map((item) => attachUpload(ctx.cloud, ctx.caller.openid, item.file, `cases/${record._id}/evidence`)));
  const items = input.items.map((item, i) => ({ ...item, stored: files[i] as StoredFile, evidenceId: `${record._id}:${(files[i] as StoredFile).sha256.slice(0, 16)}` }));
  return ctx.commit(async (tx) => {
    for (const item of items) {
      const evidence: EvidenceRecord = { _id: item.evidenceId, caseId: record._id, title: item.title, proves: item.proves, side, submittedBy: ctx.caller.openid, submittedAt: ctx.now, file: item.stored, opinions: [] };
      await tx.collection('evidence').add({ data: evidence });
    }
    await changeCase(tx, record._id, ctx.now, () => ({
      event: { action: 'evidence.added', actor: ctx.caller.openid, actorRole: side, data: { items: items.map((i) => ({ evidenceId: i.evidenceId, sha256: i.stored.sha256 })) }, requestId: input.requestId },
      update: { documents: ctx.db.command.push(items.map((i): CaseDocument => ({ id: i.evidenceId, kind: 'evidence', title: i.title, file: i.stored, at: ctx.now, by: ctx.caller.openid }))) },
    }));
    return { added: items.map((i) => ({ evidenceId: i.evidenceId, title: i.title, sha256: i.stored.sha256, size: i.stored.size })) };
  });
}

/** 证据目录: every item with its side, hash and the opinions on it. */
export async function listEvidence(input: z.output<typeof EvidenceListInput>, ctx: ActionContext): Promise<EvidenceListOutput> {
  await caseFor(ctx, input.caseId, READERS);
  const res = (await ctx.db.collection('evidence').where({ caseId: input.caseId }).orderBy('submittedAt', 'asc').limit(1000).get()) as unknown as { data: EvidenceRecord[] };
  return {
    items: res.data.map((e) => ({
      evidenceId: e._id,
      title: e.title,
      proves: e.proves,
      side: e.side,
      submittedAt: e.submittedAt.toISOString(),
      sha256: e.file.sha256,
      size: e.file.size,
      type: e.file.type,
      opinions: e.opinions.map((o) => ({ side: o.side, authenticity: o.authenticity as 'admit', legality: o.legality as 'admit', relevance: o.relevance as 'admit', ...(o.text ? { text: o.text } : {}), at: o.at.toISOString() })),
    })),
  };
}

/** 质证: the other side's opinion on one item — authenticity, legality, relevance. */
export async function giveOpinion(input: z.output<typeof EvidenceOpinionInput>, ctx: ActionContext): Promise<EvidenceOpinionOutput> {
  const { record } = await caseFor(ctx, input.caseId, PARTY_SIDE_ROLES);
  const evidence = await findById<EvidenceRecord>(ctx.db, 'evidence', input.evidenceId);
  assert(evidence && evidence.caseId === record._id, 'NOT_FOUND', '未找到该证据');
  const side = sideOf(record, ctx.caller.openid);
  assert(side !== evidence.side, 'FORBIDDEN', '质证意见由对方当事人发表');
  return ctx.commit(async (tx) => {
    const current = await findById<EvidenceRecord>(tx, 'evidence', evidence._id);
    assert(current, 'NOT_FOUND', '未找到该证据');
    const opinion = { side, by: ctx.caller.openid, authenticity: input.authenticity, legality: input.legality, relevance: input.relevance, ...(input.text ? { text: input.text } : {}), at: ctx.now };
    await tx.collection('evidence').doc(evidence._id).update({ data: { opinions: ctx.db.command.push([opinion]) } });
    await changeCase(tx, record._id, ctx.now, () => ({ event: { action: 'evidence.opinion', actor: ctx.caller.openid, actorRole: side, data: { evidenceId: evidence._id, authenticity: input.authenticity, legality: input.legality, relevance: input.relevance }, requestId: input.requestId } }));
    return { evidenceId: evidence._id, opinions: current.opinions.length + 1 };
  });
}

/** Re-hashes a stored item and compares it with the hash registered when it was submitted. */
export async function verifyEvidence(input: z.output<typeof EvidenceVerifyInput>, ctx: ActionContext): Promise<EvidenceVerifyOutput> {
  await caseFor(ctx, input.caseId, READERS);
  const evidence = await findById<EvidenceRecord>(ctx.db, 'evidence', input.evidenceId);
  assert(evidence && evidence.caseId === input.caseId, 'NOT_FOUND', '未找到该证据');
  const actual = await rehash(ctx.cloud, evidence.file.fileID);
  return { intact: actual === evidence.file.sha256, registered: evidence.file.sha256, actual };
}

// --- e-dossier -----------------------------------------------------------------------------------

/** 电子卷宗: the documents of the case a member may read. */
export async function listDossier(input: z.output<typeof DossierListInput>, ctx: ActionContext): Promise<DossierListOutput> {
  const { record } = await caseFor(ctx, input.caseId, READERS);
  return {
    documents: record.documents.map((d) => ({ documentId: d.id, kind: d.kind, title: d.title, at: d.at.toISOString(), type: d.file?.type ?? 'text/html', ...(d.file ? { size: d.file.size } : {}) })),
  };
}

function noticeCase(record: CaseRecord): NoticeCase {
  return { caseNumber: record.caseNumber, courtName: record.courtName, cause: record.cause, filedOn: record.filedOn, parties: record.parties, fee: record.fee };
}

/** Renders a notice the court issued from the case record (the same record always gives the same notice). */
async function renderNotice(ctx: ActionContext, record: CaseRecord, document: CaseDocument): Promise<string> {
  if (document.kind === 'acceptance-notice') {
    let qr: string | undefined;
    try {
      const code = (await ctx.cloud.openapi.wxacode.getUnlimited({ scene: `c=${record.publicCode}`.slice(0, 32), page: 'pages/query/index' })) as { buffer: Buffer };
      qr = code.buffer.toString('base64');
    } catch {
      qr = undefined;
    }
    return acceptanceNotice(noticeCase(record), qr);
  }
  if (document.kind === 'fee-notice') return feeNotice(noticeCase(record));
  if (document.kind === 'hearing-notice') {
    const n = Number(document.id.replace('hearing-notice-', ''));
    const hearing = record.hearings[n - 1];
    assert(hearing, 'NOT_FOUND', '未找到该次开庭');
    return hearingSummons(noticeCase(record), { startsAt: chinaDateTime(hearing.startsAt), place: hearing.place.kind === 'online' ? '在线庭审' : (hearing.place.room ?? '法庭') });
  }
  if (document.kind === 'service-proof') {
    const service = await findById<ServiceRecord>(ctx.db, 'services', document.id.slice('proof:'.length));
    assert(service?.servedAt, 'NOT_FOUND', '送达尚未生效');
    const recipient = record.members.find((m) => m.openid === service.recipient);
    const party = recipient?.for !== undefined ? record.parties[Number(recipient.for)] : undefined;
    return serviceProof(noticeCase(record), {
      title: service.title,
      recipientName: party ? `${party.name}${recipient?.role === 'agent' ? '（委托代理人代收）' : ''}` : '受送达人',
      arrivedAt: chinaDateTime(service.arrivedAt),
      servedAt: chinaDateTime(service.servedAt),
      basis: service.addressConfirmed ? '民事诉讼法 第九十条（送达信息到达受送达人特定系统的日期为送达日期）' : '人民法院在线诉讼规则（受送达人阅读文书时视为送达）',
    });
  }
  throw new AppError('NOT_FOUND', '该文书暂无电子版');
}

/**
 * 阅卷: a short-lived link to one document after the access check; a notice the court issued
 * is rendered into the case's folder on its first read. Every read is recorded.
 */
export async function dossierUrl(input: z.output<typeof DossierUrlInput>, ctx: ActionContext): Promise<DossierUrlOutput> {
  const { record, roles } = await caseFor(ctx, input.caseId, READERS);
  const document = record.documents.find((d) => d.id === input.documentId);
  assert(document, 'NOT_FOUND', '卷宗中没有该文书');
  return linkTo(ctx, record, document, roles[0] ?? 'member');
}

/** A short-lived link to one document of a case the caller may read; the read is recorded. */
async function linkTo(ctx: ActionContext, record: CaseRecord, document: CaseDocument, role: string): Promise<DossierUrlOutput> {
  let fileID = document.file?.fileID;
  if (!fileID) {
    const cloudPath = `cases/${record._id}/notices/${document.id.replace(/[^A-Za-z0-9_-]/g, '_')}.html`;
    const html = await renderNotice(ctx, record, document);
    fileID = ((await ctx.cloud.uploadFile({ cloudPath, fileContent: Buffer.from(html, 'utf8') })) as { fileID: string }).fileID;
  }
  const { fileList } = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID, maxAge: URL_SECONDS }] })) as { fileList: { tempFileURL: string; status: number }[] };
  const link = fileList[0];
  assert(link && link.status === 0, 'NOT_FOUND', '文书文件不存在，请联系书记员');
  await ctx.db.collection('dossier_reads').add({ data: { caseId: record._id, documentId: document.id, reader: ctx.caller.openid, role, at: ctx.now } });
  return { url: link.tempFileURL, expiresAt: new Date(ctx.now.getTime() + URL_SECONDS * 1000).toISOString(), title: document.title, type: document.file?.type ?? 'text/html' };
}

// --- electronic service --------------------------------------------------------------------------

/** 电子送达: the judge or clerk serves a dossier document, or a court document uploaded now, on the consenting parties. */
export async function sendService(input: z.output<typeof ServiceSendInput>, ctx: ActionContext): Promise<ServiceSendOutput> {
  const { record } = await caseFor(ctx, input.caseId, COURT_ROLES);
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
    const proofs = service.served.filter((s) => s.effective === 'on-arrival').map((s): CaseDocument => ({ id: `proof:${s.serviceId}`, kind: 'service-proof', title: `送达回证（${target.title}）`, at: ctx.now, by: ctx.caller.openid }));
    await changeCase(tx, record._id, ctx.now, (current) => {
      if (added) assert(!current.documents.some((d) => d.id === added.id), 'CONFLICT', '该文书已在卷宗中');
      return {
        event: { action: 'service.sent', actor: ctx.caller.openid, actorRole: 'clerk', data: { documentId: target.id, title: target.title, served: service.served.length, offline: service.offline.length }, requestId: input.requestId },
        update: { documents: ctx.db.command.push([...(added ? [added] : []), ...proofs]) },
      };
    });
    return { documentId: target.id, served: service.served.map((s) => ({ serviceId: s.serviceId, effective: s.effective })), offline: service.offline.length };
  });
  await Promise.all(partyMembers(record).map((m) => notify(ctx.cloud, 'MC_TPL_SERVICE', m.openid, 'pages/service/inbox', { character_string1: record.caseNumber, thing2: target.title })));
  return result;
}

/** 送达文书: what has been served on the caller, newest first. */
export async function serviceInbox(input: z.output<typeof ServiceInboxInput>, ctx: ActionContext): Promise<ServiceInboxOutput> {
  const res = (await ctx.db
    .collection('services')
    .where({ recipient: ctx.caller.openid })
    .orderBy('sentAt', 'desc')
    .skip(input.page * input.pageSize)
    .limit(input.pageSize + 1)
    .get()) as unknown as { data: ServiceRecord[] };
  return {
    items: res.data.slice(0, input.pageSize).map((s) => ({
      serviceId: s._id,
      caseId: s.caseId,
      caseNumber: s.caseNumber,
      title: s.title,
      sentAt: s.sentAt.toISOString(),
      ...(s.readAt ? { readAt: s.readAt.toISOString() } : {}),
      ...(s.servedAt ? { servedAt: s.servedAt.toISOString() } : {}),
    })),
    hasMore: res.data.length > input.pageSize,
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
  const record = await findById<CaseRecord>(ctx.db, 'cases', service.caseId);
  const document = record?.documents.find((d) => d.id === service.documentId);
  assert(record && document, 'NOT_FOUND', '送达的文书不存在，请联系书记员');
  const link = await linkTo(ctx, record, document, service.recipientRole);
  if (service.readAt) return { serviceId: service._id, readAt: service.readAt.toISOString(), servedAt: (service.servedAt ?? service.readAt).toISOString(), url: link.url };
  const servedAt = service.servedAt ?? ctx.now;
  return ctx.commit(async (tx) => {
    const current = await findById<ServiceRecord>(tx, 'services', service._id);
    assert(current && !current.readAt, 'CONFLICT', '已记录阅读');
    await tx.collection('services').doc(service._id).update({ data: { readAt: ctx.now, servedAt } });
    await changeCase(tx, service.caseId, ctx.now, () => ({
      event: { action: 'service.read', actor: ctx.caller.openid, actorRole: service.recipientRole, data: { serviceId: service._id, documentId: service.documentId, servedAt: servedAt.toISOString() }, requestId: input.requestId },
      update: service.servedAt ? {} : { documents: ctx.db.command.push([{ id: `proof:${service._id}`, kind: 'service-proof', title: `送达回证（${service.title}）`, at: ctx.now, by: 'system' }]) },
    }));
    return { serviceId: service._id, readAt: ctx.now.toISOString(), servedAt: servedAt.toISOString(), url: link.url };
  });
}

// --- messages to the judge -----------------------------------------------------------------------

interface MessageRecord {
  _id: string;
  caseId: string;
  from: string;
  fromRole: string;
  fromName: string;
  text: string;
  at: Date;
}

/** 联系法官: a message between the parties (or their lawyers) and the panel, after WeChat's content check. */
export async function sendMessage(input: z.output<typeof MessageSendInput>, ctx: ActionContext): Promise<MessageSendOutput> {
  const { record, roles } = await caseFor(ctx, input.caseId, [...PARTY_SIDE_ROLES, ...COURT_ROLES]);
  const check = (await ctx.cloud.openapi.security.msgSecCheck({ content: input.text, version: 2, scene: 1, openid: ctx.caller.openid })) as { result?: { suggest?: string } };
  assert(check.result?.suggest !== 'risky', 'INVALID_INPUT', '留言内容含有不当信息，请修改后再发送');
  const court = roles.some((r) => COURT_ROLES.includes(r));
  const fromName = court ? (record.panel?.presiding.openid === ctx.caller.openid ? record.panel.presiding.name : (record.panel?.clerk?.name ?? '承办法官')) : (ctx.caller.user?.name ?? '当事人');
  const messageId = `${record._id}:${ctx.now.getTime().toString(36)}:${ctx.requestId ?? ''}`;
  const result = await ctx.commit(async (tx) => {
    await tx.collection('messages').add({ data: { _id: messageId, caseId: record._id, from: ctx.caller.openid, fromRole: roles[0] ?? 'member', fromName, text: input.text, at: ctx.now } satisfies MessageRecord });
    return { messageId, at: ctx.now.toISOString() };
  });
  const recipients = court ? partyMembers(record).map((m) => m.openid) : record.members.filter((m) => COURT_ROLES.includes(m.role)).map((m) => m.openid);
  await Promise.all([...new Set(recipients)].map((openid) => notify(ctx.cloud, 'MC_TPL_CASE_PROGRESS', openid, `pages/case/messages?id=${record._id}`, { character_string1: record.caseNumber, thing2: `新留言：${input.text}` })));
  return result;
}

/** The case's messages, newest first. */
export async function listMessages(input: z.output<typeof MessageListInput>, ctx: ActionContext): Promise<MessageListOutput> {
  await caseFor(ctx, input.caseId, [...PARTY_SIDE_ROLES, ...COURT_ROLES]);
  const res = (await ctx.db
    .collection('messages')
    .where({ caseId: input.caseId })
    .orderBy('at', 'desc')
    .orderBy('_id', 'desc')
    .skip(input.page * input.pageSize)
    .limit(input.pageSize + 1)
    .get()) as unknown as { data: MessageRecord[] };
  return {
    items: res.data.slice(0, input.pageSize).map((m) => ({ messageId: m._id, fromRole: m.fromRole, fromName: m.fromName, mine: m.from === ctx.caller.openid, text: m.text, at: m.at.toISOString() })),
    hasMore: res.data.length > input.pageSize,
  };
}

