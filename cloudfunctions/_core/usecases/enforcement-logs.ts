import { decide, type Permission } from '#domain/authorization';
import { findById, query, type ActionContext } from '#runtime';
import { authorizeOn, nothingThere, subjectOf } from './access';
import type { EnforcementLogRecord, EnforcementRecord } from './records';

/*
 * An enforcement case's logs (执行日志) as its readers see them, for the case's page (enforcement-view)
 * and for the dossier (dossier-list, dossier-url): the court's people every log with its internal
 * note; the parties the public logs only (执行公开, legal-rules-2 §3.7).
 */

/** The enforcement case, read once, and the caller's grant on it; otherwise FORBIDDEN, the same whether or not it exists. */
export async function authorizeEnforcement(ctx: ActionContext, enforcementId: string, permission: Parameters<typeof authorizeOn>[2]) {
  const record = await findById<EnforcementRecord>(ctx.db, 'enforcements', enforcementId);
  if (!record) throw nothingThere(permission);
  return { record, ...authorizeOn(ctx, record, permission) };
}

const INTERNAL: readonly Permission[] = ['case.supervise', 'enforcement.act'];

/** Whether the caller is one of the court's people on the case: the executor, or a leader who supervises it. */
export const seesInternal = (ctx: ActionContext, record: EnforcementRecord) => INTERNAL.some((p) => decide(subjectOf(ctx.caller), record, p, ctx.now).ok);

/** The logs the caller may read, in the order they were captured. */
export async function visibleLogs(ctx: ActionContext, record: EnforcementRecord, internal: boolean, limit = 500): Promise<EnforcementLogRecord[]> {
  return query<EnforcementLogRecord>(
    ctx.db
      .collection('enforcement_logs')
      .where(internal ? { enforcementId: record._id } : { enforcementId: record._id, public: true })
      .orderBy('capturedAt', 'asc')
      .limit(limit),
  );
}
