import { appendCaseEvent, assert, findById, type CaseEventInput, type ChainHead, type Transaction } from '#runtime';
import type { CaseRecord, FilingRecord, MediationRecord } from './records';

/**
 * One change of a case inside a transaction: the case is read again inside it (so a
 * concurrent change makes this one conflict and retry, never fork the chain), the event is
 * appended at the current head, and the case is updated with the new head.
 */
export async function changeCase<
  R extends Pick<CaseRecord, 'chain' | 'state'> | Pick<FilingRecord, 'chain' | 'state'> | Pick<MediationRecord, 'chain' | 'state'> = CaseRecord,
>(
  tx: Transaction,
  caseId: string,
  at: Date,
  change: (current: R) => { event: Omit<CaseEventInput, 'state'> & { state?: string }; update?: Record<string, unknown> },
  /** A filing that never became a case (a refusal served) keeps its chain on the filing; a mediation keeps its own. */
  collection: 'cases' | 'filings' | 'mediations' = 'cases',
): Promise<{ current: R; chain: ChainHead }> {
  const current = await findById<R>(tx, collection, caseId);
  assert(current, 'NOT_FOUND', '未找到该案件');
  const { event, update } = change(current);
  const chain = await appendCaseEvent(tx, caseId, current.chain, { ...event, state: event.state ?? current.state }, at);
  await tx
    .collection(collection)
    .doc(caseId)
    .update({ data: { ...update, chain, updatedAt: at } });
  return { current, chain };
}
