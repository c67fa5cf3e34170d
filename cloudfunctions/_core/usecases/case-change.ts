import {
  appendCaseEvent,
  assert,
  bringUpChain,
  findById,
  knownRead,
  type ActionContext,
  type CaseEventInput,
  type ChainHead,
  type Transaction,
} from '#runtime';
import type { CaseRecord, FilingRecord, MediationRecord } from './records';

/**
 * One change of a case inside a transaction: the event is appended at the case's head and the
 * case updated with the new head. The case is the one `authorize` read before the transaction
 * when there is one (no second read); a concurrent change then makes the event's place in the
 * chain collide, and the transaction is tried again, reading the case inside it. Either way a
 * concurrent change makes this one retry, never fork the chain.
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
  const current = knownRead<R & { _id: string }>(tx, collection, caseId) ?? (await findById<R>(tx, collection, caseId));
  assert(current, 'NOT_FOUND', '未找到该案件');
  const { event, update } = change(current);
  const chain = await appendCaseEvent(tx, caseId, current.chain, { ...event, state: event.state ?? current.state }, at);
  await tx
    .collection(collection)
    .doc(caseId)
    .update({ data: { ...update, chain, updatedAt: at } });
  return { current, chain };
}

/** Whether a case's dossier holds a stored file as one of its documents: what an attempt that recorded nothing must not delete. */
export function caseHolds(ctx: ActionContext, caseId: string): (fileID: string) => Promise<boolean> {
  // An event recorded whose answer was lost is brought into the case first, so the files it holds stay.
  let brought: Promise<void> | undefined;
  return async (fileID) => {
    await (brought ??= bringUpChain(ctx.db, caseId));
    const record = await findById<Pick<CaseRecord, 'documents'>>(ctx.db, 'cases', caseId, { documents: true });
    return (record?.documents ?? []).some((d) => d.file?.fileID === fileID);
  };
}
