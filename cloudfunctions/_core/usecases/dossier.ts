import * as z from 'zod';
import { serviceBasis } from '#domain/e-service';
import { confirmationDeadline } from '#domain/mediation';
import {
  acceptanceNotice,
  confirmationRuling,
  feeNotice,
  hearingCancellation,
  hearingSummons,
  mediationAgreement,
  mediationStatement,
  refusalRuling,
  serviceProof,
  type NoticeCase,
} from '#domain/notices';
import { chinaDate } from '#domain/time';
import { chinaDateTime } from '#domain/time';
import { AppError, assert, findById, miniProgramCode, pages, storageOf, type ActionContext } from '#runtime';
import type { DossierListInput, DossierListOutput, DossierUrlInput, DossierUrlOutput } from '#schemas/dossier';
import { authorize, authorizeOn } from './access';
import { seesInternal, visibleLogs } from './enforcement-logs';
import type { CaseDocument, CaseRecord, EnforcementLogRecord, EnforcementRecord, FilingRecord, MediationRecord, ServiceRecord } from './records';

/** A temp URL to the dossier lives ten minutes. */
const URL_SECONDS = 600;

/** 电子卷宗: the documents of the case a member may read; of an enforcement case, its logs with their photos and videos. */
export async function listDossier(input: z.output<typeof DossierListInput>, ctx: ActionContext): Promise<DossierListOutput> {
  const enforcement = await enforcementDossier(ctx, input.caseId, () => authorize(ctx, input.caseId, 'dossier.read'));
  if ('logs' in enforcement) return { documents: enforcement.logs.map(logDocument) };
  const { record } = enforcement;
  return {
    documents: record.documents.map((d) => ({
      documentId: d.id,
      kind: d.kind,
      title: d.title,
      at: d.at.toISOString(),
      type: d.file?.type ?? 'text/html',
      ...(d.file ? { size: d.file.size } : {}),
    })),
  };
}

/**
 * A case's dossier as `authorize` gives it, or, when the id is no case of the court's, an enforcement
 * case's (执行日志 are part of its dossier, legal-rules-2 §3.7): its logs with a photo or video that the
 * caller may read (the parties the public ones), authorized as its page is (`enforcement.read`).
 */
async function enforcementDossier<T>(
  ctx: ActionContext,
  id: string,
  ofCase: () => Promise<T>,
): Promise<T | { record: EnforcementRecord; logs: EnforcementLogRecord[]; role: string }> {
  try {
    return await ofCase();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'FORBIDDEN') throw error;
    const record = await findById<EnforcementRecord>(ctx.db, 'enforcements', id);
    if (!record) throw error;
    const { actor } = authorizeOn(ctx, record, 'enforcement.read');
    const logs = await visibleLogs(ctx, record, seesInternal(ctx, record));
    return { record, logs: logs.filter((l) => l.file), role: actor.actorRole };
  }
}

const LogKinds: Record<EnforcementLogRecord['kind'], string> = { text: '文字', photo: '照片', video: '视频' };

/** One log as a document of the dossier: what it shows, when and where it was captured. */
function logDocument(log: EnforcementLogRecord) {
  const place = log.place?.name ? ` ${log.place.name}` : '';
  return {
    documentId: `log:${log.clientId}`,
    kind: 'enforcement-log',
    title: `执行日志（${LogKinds[log.kind]}）${chinaDateTime(log.capturedAt)}${place}`,
    at: new Date(log.capturedAt).toISOString(),
    type: log.file?.type ?? 'text/plain',
    ...(log.file ? { size: log.file.size } : {}),
  };
}

function noticeCase(record: CaseRecord): NoticeCase {
  return { caseNumber: record.caseNumber, courtName: record.courtName, cause: record.cause, filedOn: record.filedOn, parties: record.parties, fee: record.fee };
}

/** Renders a notice the court issued from the case (or filing) record: the same record always gives the same notice. */
async function renderNotice(ctx: ActionContext, record: CaseRecord | FilingRecord | MediationRecord, document: CaseDocument): Promise<string> {
  if (document.kind === 'service-proof') return renderServiceProof(ctx, record, document);
  if ('stage' in record && document.kind === 'mediation-agreement') {
    // A pre-filing mediation's signed agreement (在线调解规则 第十九条).
    const effectiveOn = record.agreement?.effectiveOn;
    assert(record.agreement && effectiveOn, 'NOT_FOUND', '该文书暂无电子版');
    return mediationAgreement({
      courtName: record.courtName,
      number: record.number ?? record._id,
      agreement: record.agreement.text,
      effectiveOn,
      confirmationDueOn: confirmationDeadline(effectiveOn),
    });
  }
  if ('stage' in record) {
    // A pre-filing mediation's 民特 case: its confirmation ruling.
    const ruling = record.confirmation?.ruling;
    assert(document.kind === 'confirmation-ruling' && ruling, 'NOT_FOUND', '该文书暂无电子版');
    return confirmationRuling({
      courtName: record.courtName,
      caseNumber: record.confirmation?.caseNumber ?? '',
      parties: record.parties,
      agreement: record.agreement?.text ?? '',
      valid: ruling.valid,
      ...(ruling.reason ? { reason: ruling.reason } : {}),
      on: ruling.on,
    });
  }
  if (document.kind === 'refusal-ruling' && 'refusal' in record && record.refusal) {
    return refusalRuling({
      courtName: record.courtName,
      cause: record.cause,
      parties: record.parties,
      receivedOn: record.receivedOn,
      decidedOn: chinaDate(record.refusal.at),
      reasons: record.refusal.reasons,
    });
  }
  assert('caseNumber' in record, 'NOT_FOUND', '该文书暂无电子版');
  if (document.kind === 'mediation-statement') {
    // The 调解书 is the agreement the parties signed in the mediation, as the court confirms it (民事诉讼法 第一百条).
    const m = await findById<Pick<MediationRecord, 'agreement' | 'statement'>>(ctx.db, 'mediations', document.id.replace(/-statement$/, ''), {
      agreement: true,
      statement: true,
    });
    assert(m?.agreement && m.statement?.documentId === document.id, 'NOT_FOUND', '该文书暂无电子版');
    return mediationStatement({ ...noticeCase(record), agreement: m.agreement.text, issuedOn: m.statement.issuedOn });
  }
  if (document.kind === 'acceptance-notice') {
    return acceptanceNotice(noticeCase(record), await miniProgramCode(ctx, pages.caseQuery(record.publicCode)));
  }
  if (document.kind === 'fee-notice') return feeNotice(noticeCase(record));
  if (document.kind === 'hearing-notice' && document.hearing) {
    const notice = { startsAt: chinaDateTime(document.hearing.startsAt), place: document.hearing.place, reason: document.hearing.reason };
    return document.hearing.change === 'cancelled' ? hearingCancellation(noticeCase(record), notice) : hearingSummons(noticeCase(record), notice);
  }
  if (document.kind === 'hearing-notice') {
    const n = Number(document.id.replace('hearing-notice-', ''));
    const hearing = record.hearings[n - 1];
    assert(hearing, 'NOT_FOUND', '未找到该次开庭');
    return hearingSummons(noticeCase(record), {
      startsAt: chinaDateTime(hearing.startsAt),
      place: hearing.place.kind === 'online' ? '在线庭审' : (hearing.place.room ?? '法庭'),
    });
  }
  throw new AppError('NOT_FOUND', '该文书暂无电子版');
}

/** 送达回证 of one service, on a case or on a filing that never became one. */
async function renderServiceProof(ctx: ActionContext, record: CaseRecord | FilingRecord | MediationRecord, document: CaseDocument): Promise<string> {
  const service = await findById<ServiceRecord>(ctx.db, 'services', document.id.slice('proof:'.length));
  assert(service?.servedAt, 'NOT_FOUND', '送达尚未生效');
  const recipient = record.members.find((m) => m.openid === service.recipient);
  const party = recipient?.for !== undefined ? record.parties[Number(recipient.for)] : undefined;
  return serviceProof(
    { courtName: record.courtName, caseNumber: ('caseNumber' in record ? record.caseNumber : undefined) ?? service.caseNumber },
    {
      title: service.title,
      recipientName: party ? `${party.name}${recipient?.role === 'agent' ? '（委托代理人代收）' : ''}` : '受送达人',
      arrivedAt: chinaDateTime(service.arrivedAt),
      servedAt: chinaDateTime(service.servedAt),
      basis: serviceBasis(service),
    },
  );
}

/**
 * 阅卷: a short-lived link to one document after the access check; a notice the court issued
 * is rendered into the case's folder on its first read. Every read is recorded.
 */
export async function dossierUrl(input: z.output<typeof DossierUrlInput>, ctx: ActionContext): Promise<DossierUrlOutput> {
  const found = await enforcementDossier(ctx, input.caseId, () => authorize(ctx, input.caseId, 'dossier.read'));
  if ('logs' in found) {
    const log = found.logs.find((l) => logDocument(l).documentId === input.documentId);
    assert(log?.file, 'NOT_FOUND', '卷宗中没有该文书');
    return linkTo(
      ctx,
      found.record,
      { id: input.documentId, kind: 'enforcement-log', title: logDocument(log).title, file: log.file, at: log.capturedAt, by: log.by },
      found.role,
    );
  }
  const { record, actor } = found;
  const document = record.documents.find((d) => d.id === input.documentId);
  assert(document, 'NOT_FOUND', '卷宗中没有该文书');
  return linkTo(ctx, record, document, actor.actorRole);
}

/** A short-lived link to one document of a case the caller may read; the read is recorded. A notice rendered for it is named in `rendered`. */
export async function linkTo(
  ctx: ActionContext,
  record: CaseRecord | FilingRecord | MediationRecord | EnforcementRecord,
  document: CaseDocument,
  role: string,
  rendered?: string[],
  /** The read is recorded by the caller itself (a served document's first read, in its case's `service.read` event), not in `dossier_reads`. */
  recorded = false,
): Promise<DossierUrlOutput> {
  let fileID = document.file?.fileID;
  if (!fileID) {
    // Only a case's notices are rendered; an enforcement case's dossier is its logs' files.
    if ('steps' in record) throw new AppError('NOT_FOUND', '卷宗中没有该文书');
    const cloudPath = `cases/${record._id}/notices/${document.id.replace(/[^A-Za-z0-9_-]/g, '_')}.html`;
    const html = await renderNotice(ctx, record, document);
    fileID = ((await ctx.cloud.uploadFile({ cloudPath, fileContent: Buffer.from(html, 'utf8') })) as { fileID: string }).fileID;
    rendered?.push(fileID);
  }
  const { fileList } = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID, maxAge: URL_SECONDS }], ...storageOf(fileID) })) as {
    fileList: { tempFileURL: string; status: number }[];
  };
  const link = fileList[0];
  assert(link && link.status === 0, 'NOT_FOUND', '文书文件不存在，请联系书记员');
  if (!recorded)
    await ctx.db.collection('dossier_reads').add({ data: { caseId: record._id, documentId: document.id, reader: ctx.caller.openid, role, at: ctx.now } });
  return {
    url: link.tempFileURL,
    expiresAt: new Date(ctx.now.getTime() + URL_SECONDS * 1000).toISOString(),
    title: document.title,
    type: document.file?.type ?? 'text/html',
  };
}
