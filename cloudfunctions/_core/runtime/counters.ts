import { counterId, formatCaseNumber, type CaseNumber } from '#domain/case-numbers';
import { findById, type Transaction } from './db';

interface Counter {
  _id: string;
  value: number;
}

/**
 * The next value of a gap-free sequence, inside the caller's transaction: the counter is
 * read and written in the same transaction as the document that uses the number, so a
 * conflicting allocation makes the transaction retry and no number is skipped or repeated.
 */
export async function nextInSequence(tx: Transaction, id: string, at: Date): Promise<number> {
  const counter = await findById<Counter>(tx, 'counters', id);
  const value = (counter?.value ?? 0) + 1;
  await tx
    .collection('counters')
    .doc(id)
    .set({ data: { value, updatedAt: at } });
  return value;
}

/** 案号规定 第九条、第十条: a new case number from its court × specialised × type × year counter. */
export async function allocateCaseNumber(
  tx: Transaction,
  parts: Pick<CaseNumber, 'courtCode' | 'specialised' | 'typeCode' | 'year'>,
  at: Date,
): Promise<string> {
  const seq = await nextInSequence(tx, counterId(parts.courtCode, parts.specialised, parts.typeCode, parts.year), at);
  return formatCaseNumber({ ...parts, seq, suffix: '' });
}
