import * as z from 'zod';
import { AppError, assert, attachUpload, bringUpChain, dropUnheld, findById, MAX_PAGE, query, rehash, type ActionContext, type StoredFile } from '#runtime';
import type {
  EvidenceAddInput,
  EvidenceAddOutput,
  EvidenceListInput,
  EvidenceListOutput,
  EvidenceOpinionInput,
  EvidenceOpinionOutput,
  EvidenceVerifyInput,
  EvidenceVerifyOutput,
} from '#schemas/dossier';
import { authorize } from './access';
import { changeCase } from './case-change';
import type { CaseDocument, CaseRecord, FilingRecord } from './records';

/** Which side the caller is on: a party's own role, or the role of the party an agent acts for. */
function sideOf(record: CaseRecord, openid: string): string {
  for (const member of record.members.filter((m) => m.openid === openid)) {
    if (member.role === 'agent') return record.parties[Number(member.for)]?.role ?? 'agent';
    if (member.role === 'plaintiff' || member.role === 'defendant' || member.role === 'third-party') return member.role;
  }
  return 'court';
}

/** An item's id on its case: the case and the first 16 hex digits of the file's SHA-256. */
export const evidenceIdOf = (caseId: string, file: StoredFile) => `${caseId}:${file.sha256.slice(0, 16)}`;

export interface EvidenceRecord {
  _id: string;
  caseId: string;
  title: string;
  proves: string;
  side: string;
  submittedBy: string;
  submittedAt: Date;
  /** Absent for an item the complaint lists without a file: a witness, or physical evidence produced at the hearing. */
  file?: StoredFile;
  opinions: { side: string; by: string; authenticity: string; legality: string; relevance: string; text?: string; at: Date }[];
}

/**
 * The evidence filed with the complaint, as the accepted case's first items: the same list as
 * evidence added later, so the other side cross-examines it and the court re-hashes it alike.
 */
export function complaintEvidence(filing: FilingRecord, caseId: string): EvidenceRecord[] {
  // Every item the complaint lists, with a file or without, each by its place in the list: one file may prove two things.
  return filing.evidence.map((item, i) => ({
    _id: `${caseId}:complaint-${i + 1}`,
    caseId,
    title: item.title,
    proves: item.proves,
    side: 'plaintiff',
    submittedBy: filing.owner,
    submittedAt: filing.submittedAt,
    ...(item.file ? { file: item.file } : {}),
    opinions: [],
  }));
}

/** 提交证据: the caller's uploads attached to the case, hashed on the server, catalogued with what they prove. */
export async function addEvidence(input: z.output<typeof EvidenceAddInput>, ctx: ActionContext): Promise<EvidenceAddOutput> {
  const { record, actor } = await authorize(ctx, input.caseId, 'evidence.add');
  assert(record.state !== 'closed' && record.state !== 'withdrawn', 'STATE', '本案已结案，不能再提交证据');
  const side = sideOf(record, ctx.caller.openid);
  const files = await Promise.all(input.items.map((item) => attachUpload(ctx.cloud, ctx.caller.openid, item.file, `cases/${record._id}/evidence`)));
  const items = input.items.map((item, i) => ({
    ...item,
    stored: files[i] as StoredFile,
    evidenceId: evidenceIdOf(record._id, files[i] as StoredFile),
  }));
  const recorded = ctx.commit(async (tx) => {
    for (const item of items) {
      const evidence: EvidenceRecord = {
        _id: item.evidenceId,
        caseId: record._id,
        title: item.title,
        proves: item.proves,
        side,
        submittedBy: ctx.caller.openid,
        submittedAt: ctx.now,
        file: item.stored,
        opinions: [],
      };
      await tx.collection('evidence').add({ data: evidence });
    }
    await changeCase(tx, record._id, ctx.now, (current) => {
      // A file already in evidence (the other side's, or twice in one submission) is one item, not a second.
      const ids = items.map((i) => i.evidenceId);
      const already = new Set((current.documents ?? []).map((d) => d.id));
      const again = items.find((i, n) => already.has(i.evidenceId) || ids.indexOf(i.evidenceId) !== n);
      assert(!again, 'CONFLICT', `“${again?.title ?? ''}”的文件已作为证据提交，无需重复提交`);
      return {
        event: {
          action: 'evidence.added',
          ...actor,
          data: { items: items.map((i) => ({ evidenceId: i.evidenceId, sha256: i.stored.sha256 })) },
          requestId: input.requestId,
        },
        update: {
          documents: ctx.db.command.push(
            items.map((i): CaseDocument => ({ id: i.evidenceId, kind: 'evidence', title: i.title, file: i.stored, at: ctx.now, by: ctx.caller.openid })),
          ),
        },
      };
    });
    return { added: items.map((i) => ({ evidenceId: i.evidenceId, title: i.title, sha256: i.stored.sha256, size: i.stored.size })) };
  });
  return recorded.catch(async (error: unknown) => {
    // Nothing recorded: the copies this attempt made go, but one a record already holds (the same upload attached before).
    // An event recorded whose answer was lost is brought in first, so its files are held (never undo an unknown outcome).
    if (!(error instanceof AppError)) await bringUpChain(ctx.db, record._id);
    await dropUnheld(
      ctx.cloud,
      items.map((item) => item.stored.fileID),
      async (fileID) => {
        // Held only by a record of this very copy (the same file sent again under another name is another copy).
        const held = await findById<EvidenceRecord>(ctx.db, 'evidence', items.find((i) => i.stored.fileID === fileID)?.evidenceId ?? '', { file: true });
        return held?.file?.fileID === fileID;
      },
    );
    throw error;
  });
}

/** 证据目录: every item with its side, hash and the opinions on it. */
export async function listEvidence(input: z.output<typeof EvidenceListInput>, ctx: ActionContext): Promise<EvidenceListOutput> {
  await authorize(ctx, input.caseId, 'evidence.read');
  const evidence = await query<EvidenceRecord>(ctx.db.collection('evidence').where({ caseId: input.caseId }).orderBy('submittedAt', 'asc').limit(MAX_PAGE));
  return {
    items: evidence.map((e) => ({
      evidenceId: e._id,
      title: e.title,
      proves: e.proves,
      side: e.side,
      submittedAt: e.submittedAt.toISOString(),
      ...(e.file ? { sha256: e.file.sha256, size: e.file.size, type: e.file.type } : {}),
      opinions: e.opinions.map((o) => ({
        side: o.side,
        authenticity: o.authenticity as 'admit',
        legality: o.legality as 'admit',
        relevance: o.relevance as 'admit',
        ...(o.text ? { text: o.text } : {}),
        at: o.at.toISOString(),
      })),
    })),
  };
}

/** 质证: the other side's opinion on one item — authenticity, legality, relevance. */
export async function giveOpinion(input: z.output<typeof EvidenceOpinionInput>, ctx: ActionContext): Promise<EvidenceOpinionOutput> {
  const { record, actor } = await authorize(ctx, input.caseId, 'evidence.opinion');
  const evidence = await findById<EvidenceRecord>(ctx.db, 'evidence', input.evidenceId);
  assert(evidence && evidence.caseId === record._id, 'NOT_FOUND', '未找到该证据');
  const side = sideOf(record, ctx.caller.openid);
  assert(side !== evidence.side, 'FORBIDDEN', '质证意见由对方当事人发表');
  return ctx.commit(async (tx) => {
    const current = await findById<EvidenceRecord>(tx, 'evidence', evidence._id);
    assert(current, 'NOT_FOUND', '未找到该证据');
    const opinion = {
      side,
      by: ctx.caller.openid,
      authenticity: input.authenticity,
      legality: input.legality,
      relevance: input.relevance,
      ...(input.text ? { text: input.text } : {}),
      at: ctx.now,
    };
    await tx
      .collection('evidence')
      .doc(evidence._id)
      .update({ data: { opinions: ctx.db.command.push([opinion]) } });
    await changeCase(tx, record._id, ctx.now, () => ({
      event: {
        action: 'evidence.opinion',
        ...actor,
        data: { evidenceId: evidence._id, authenticity: input.authenticity, legality: input.legality, relevance: input.relevance },
        requestId: input.requestId,
      },
    }));
    return { evidenceId: evidence._id, opinions: current.opinions.length + 1 };
  });
}

/** Re-hashes a stored item and compares it with the hash registered when it was submitted. */
export async function verifyEvidence(input: z.output<typeof EvidenceVerifyInput>, ctx: ActionContext): Promise<EvidenceVerifyOutput> {
  await authorize(ctx, input.caseId, 'evidence.read');
  const evidence = await findById<EvidenceRecord>(ctx.db, 'evidence', input.evidenceId);
  assert(evidence && evidence.caseId === input.caseId, 'NOT_FOUND', '未找到该证据');
  assert(evidence.file, 'STATE', '该证据未上传文件（如证人证言、物证），没有可核验的电子文件');
  const actual = await rehash(ctx.cloud, evidence.file.fileID);
  return { intact: actual === evidence.file.sha256, registered: evidence.file.sha256, actual };
}
