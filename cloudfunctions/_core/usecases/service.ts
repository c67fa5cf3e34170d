import type { CaseMember, Transaction } from '#runtime';
import type { CaseRecord, ServiceRecord } from './records';

const PARTY_ROLES: ReadonlySet<string> = new Set(['plaintiff', 'defendant', 'third-party', 'agent']);

/** The people on a case who receive its documents: parties and their agents. */
export function partyMembers(record: Pick<CaseRecord, 'members'>): CaseMember[] {
  const seen = new Set<string>();
  return record.members.filter((m) => PARTY_ROLES.has(m.role) && !seen.has(m.openid) && seen.add(m.openid));
}

export interface ServeResult {
  served: { recipient: string; serviceId: string; effective: 'on-arrival' | 'on-read' }[];
  /** Parties who did not consent to e-service: the clerk serves them another way. */
  offline: string[];
}

/**
 * 电子送达 (民诉法 第九十条; 在线诉讼规则 第二十九条至第三十三条): one service per consenting
 * party, arriving on the platform now. With a confirmed address, service takes effect on
 * arrival; without one, only when the recipient reads (or otherwise acts on) the document.
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
      ...(consent.addressConfirmed ? { servedAt: at } : {}),
      sentBy: by.openid,
    };
    await tx.collection('services').add({ data: service });
    served.push({ recipient: member.openid, serviceId: service._id, effective: consent.addressConfirmed ? 'on-arrival' : 'on-read' });
  }
  return { served, offline };
}
