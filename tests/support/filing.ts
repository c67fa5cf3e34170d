import type { CaseJoinInput } from '#schemas/cases';
import type { FilingSubmitInput } from '#schemas/filing';
import { HU, upload, WU } from './people';

/** Mr Hu's complaint from the seed story: 500,000 yuan of goods unpaid by a Guangzhou trading company. */
export function huComplaint(requestId: string, extra: Partial<FilingSubmitInput> = {}): FilingSubmitInput {
  return {
    requestId,
    courtId: 'gz-tianhe',
    caseType: 'civil-first-instance',
    cause: '买卖合同纠纷',
    parties: [
      { kind: 'natural', role: 'plaintiff', name: HU.name, idNumber: HU.idNumber, mobile: '13800138000', address: '浙江省宁波市江北区人民路88号' },
      {
        kind: 'legal',
        role: 'defendant',
        name: '广州某贸易有限公司',
        uscc: '91350100M000100Y43',
        representative: WU.name,
        address: '广东省广州市天河区天河路385号',
      },
    ],
    claims: [{ text: '判令被告支付货款500000元', amountFen: 50_000_000 }, { text: '判令被告承担本案诉讼费用' }],
    facts: '原告于2025年向被告供应服装一批，货款共计500000元，被告收货后经多次催告仍未支付，故诉至法院。',
    service: { consent: true, mobile: '13800138000', addressConfirmed: true },
    ...extra,
  };
}

/** Mr Hu files and the registrar accepts: the case the later steps act on (another `tag` files another case). */
export async function acceptedHuCase(options: { procedure?: 'ordinary' | 'simplified'; tag?: string } = {}): Promise<{ caseId: string; caseNumber: string }> {
  const tag = options.tag ?? '0001';
  const { callFunction } = await import('./emulator');
  const { HU, REGISTRAR } = await import('./people');
  const filed = await callFunction('filing-submit', huComplaint(`accept-file-${tag}`), HU.openid);
  if (!filed.result.ok) throw new Error(`filing failed: ${JSON.stringify(filed.result)}`);
  const accepted = await callFunction(
    'filing-review',
    { requestId: `accept-review-${tag}`, filingId: filed.result.data.filingId, outcome: 'accept', procedure: options.procedure ?? 'ordinary' },
    REGISTRAR.openid,
  );
  if (!accepted.result.ok) throw new Error(`acceptance failed: ${JSON.stringify(accepted.result)}`);
  const { caseId, caseNumber } = accepted.result.data;
  if (!caseId || !caseNumber) throw new Error(`acceptance gave no case: ${JSON.stringify(accepted.result)}`);
  return { caseId, caseNumber };
}

/** The defendant company answers Mr Hu's suit through Mr Wu, its legal representative, with the company's licence and his certificate. */
export async function wuJoinsFor(requestId: string, caseNumber: string, service: CaseJoinInput['service']): Promise<CaseJoinInput> {
  const proofs = [
    { kind: 'business-licence' as const, file: await upload(WU.openid, '营业执照.pdf', '%PDF-1.4 licence') },
    { kind: 'representative-certificate' as const, file: await upload(WU.openid, '法定代表人身份证明书.pdf', '%PDF-1.4 certificate') },
  ];
  return { requestId, caseNumber, uscc: '91350100M000100Y43', representation: { capacity: 'legal-representative', proofs }, service };
}

/**
 * The court recognises the company's legal representative (审核代表资格): the judge, clerk or registrar
 * examines the papers he joined with, and from then on he acts for the company on the case.
 */
export async function recogniseRepresentative(caseId: string, examiner: string, requestId = 'examine-0001', party = 1): Promise<{ served: number }> {
  const { callFunction } = await import('./emulator');
  const reply = await callFunction('case-verify', { op: 'representation', requestId, caseId, party, decision: 'accept' }, examiner);
  if (!reply.result.ok || reply.result.data.op !== 'representation') throw new Error(`examination failed: ${JSON.stringify(reply.result)}`);
  return { served: reply.result.data.served };
}
