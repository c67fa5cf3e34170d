import { caseDeadlines, decisionFacts, effectRecorded, refundStillOwed, type CaseDeadline, type DeadlineFacts } from '#domain/case-deadlines';
import { decisionEffect } from '#domain/judgments';
import { LimitProcedures } from '#domain/trial-limits';
import { chinaDate } from '#domain/time';
import { MAX_PAGE, query, type Database } from '#runtime';
import { closingDecision, servedOnFrom } from './closing';
import type { HearingSession } from './hearings';
import type { CaseRecord, FilingRecord, OfflineServiceRecord, ServiceRecord } from './records';

/*
 * What a list of cases or filings has running, read once for the whole list: the case's own
 * fields, the transcripts of its past hearings still awaiting signatures (`hearing_sessions`, by
 * id), and the services of its closing decision, from which each party's appeal period and the
 * effective date follow (`services`). Each of the two reads is made only when a listed case needs it.
 */

/** The fields of a case (or a filing) its deadlines are read from: what a list adds to its own projection. */
export const DEADLINE_FIELDS = {
  state: true,
  procedure: true,
  'limit.procedure': true,
  fee: true,
  trialLimitOn: true,
  reviewDueOn: true,
  hearings: true,
  closing: true,
  'parties.name': true,
  'parties.role': true,
  'decisions.id': true,
  'decisions.kind': true,
  'decisions.title': true,
  'decisions.documentId': true,
  'decisions.appealKind': true,
  'decisions.abroad': true,
  'decisions.appeals': true,
  'decisions.effectiveOn': true,
  'decisions.publication': true,
} as const;

export type DeadlineRow = { _id: string; state: string } & Partial<
  Pick<CaseRecord, 'procedure' | 'limit' | 'fee' | 'trialLimitOn' | 'hearings' | 'closing' | 'parties' | 'decisions'> & Pick<FilingRecord, 'reviewDueOn'>
>;

const OPEN_STATES: readonly string[] = ['accepted', 'in-trial'];
const isOpen = (row: DeadlineRow) => OPEN_STATES.includes(row.state);
/** Rows per query of `services` (a closed case has a few services of its decision per party). */
const SERVICE_CASES_PER_QUERY = 50;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/** The decision a closed case rests on. */
function servedDecision(row: DeadlineRow) {
  return row.closing && row.decisions ? closingDecision({ decisions: row.decisions, closing: row.closing })?.decision : undefined;
}

const refundOwed = (row: DeadlineRow) => refundStillOwed(row.closing?.fees?.refund?.fen, row.fee?.refunds ?? []);

/** The facts of one row, with what was read beside it. */
function factsOf(row: DeadlineRow, pendingTranscripts: readonly { dueOn: string }[], served: Record<number, string>, now: Date): DeadlineFacts {
  const today = chinaDate(now);
  const facts: DeadlineFacts = {};
  if (row.reviewDueOn && row.state === 'submitted') facts.reviewDueOn = row.reviewDueOn;
  if (isOpen(row)) {
    if (row.fee) facts.fee = { state: row.fee.state, dueOn: row.fee.dueOn };
    if (row.trialLimitOn) {
      const procedure = row.limit?.procedure ?? row.procedure ?? 'ordinary';
      facts.trialLimit = { expiresOn: row.trialLimitOn, basis: LimitProcedures[procedure].basis };
    }
    facts.hearings = (row.hearings ?? []).map((h) => ({ startsAt: h.startsAt, cancelled: h.state === 'cancelled' }));
    facts.transcripts = pendingTranscripts;
  }
  const decision = servedDecision(row);
  if (decision && row.closing) {
    const parties = (row.parties ?? []).map((_, i) => i);
    const recorded = effectRecorded(decision.kind);
    // A 调解书 takes effect on the last signed receipt, recorded when it happens (民诉法解释 第一百四十九条).
    const effect = recorded
      ? { periods: [], effectiveOn: decision.effectiveOn && today >= decision.effectiveOn ? decision.effectiveOn : undefined }
      : decisionEffect({
          appealKind: decision.appealKind ?? null,
          parties,
          servedOn: served,
          abroad: decision.abroad ?? [],
          appealed: (decision.appeals ?? []).map((a) => a.party),
          today,
        });
    Object.assign(
      facts,
      decisionFacts({
        effect,
        partyNames: (row.parties ?? []).map((p) => p.name),
        publish: row.closing.publication?.decision === 'publish',
        published: decision.publication !== undefined,
        refundOwed: refundOwed(row),
        today,
      }),
    );
  }
  return facts;
}

/** Every running deadline of each listed case or filing, by its id: at most one read of transcripts and one of services for the whole list. */
export async function readDeadlines(db: Database, rows: readonly DeadlineRow[], now: Date): Promise<Map<string, CaseDeadline[]>> {
  const _ = db.command;
  // Past hearings of open cases: their transcripts may await signatures (民事诉讼法 第一百五十条).
  const sessionIds = rows
    .filter(isOpen)
    .flatMap((row) => (row.hearings ?? []).filter((h) => h.state !== 'cancelled' && h.startsAt.getTime() < now.getTime()).map((h) => `${row._id}:${h.id}`));
  const decisions = rows.flatMap((row) => {
    const d = servedDecision(row);
    return d && !effectRecorded(d.kind) && (!d.publication || refundOwed(row)) ? [{ caseId: row._id, documentId: d.documentId }] : [];
  });
  type SessionRow = Pick<HearingSession, 'caseId' | 'state'> & { transcript?: { dueOn?: string; filedDocumentId?: string } };
  type ServiceRow = Partial<Pick<ServiceRecord, 'servedAt'> & Pick<OfflineServiceRecord, 'channel' | 'state' | 'servedOn'>> & {
    caseId: string;
    documentId: string;
    party?: number;
  };
  const [sessions, services] = await Promise.all([
    Promise.all(
      chunks(sessionIds, MAX_PAGE).map((ids) =>
        query<SessionRow>(
          db
            .collection('hearing_sessions')
            .where({ _id: _.in(ids) })
            .field({ caseId: true, state: true, 'transcript.dueOn': true, 'transcript.filedDocumentId': true })
            .limit(MAX_PAGE),
        ),
      ),
    ),
    Promise.all(
      chunks(decisions, SERVICE_CASES_PER_QUERY).map((part) =>
        query<ServiceRow>(
          db
            .collection('services')
            .where({ caseId: _.in(part.map((d) => d.caseId)), documentId: _.in(part.map((d) => d.documentId)) })
            .field({ caseId: true, documentId: true, party: true, servedAt: true, channel: true, state: true, servedOn: true })
            .limit(MAX_PAGE),
        ),
      ),
    ),
  ]);
  const pending = new Map<string, { dueOn: string }[]>();
  for (const s of sessions.flat()) {
    const dueOn = s.transcript?.dueOn;
    if (s.state !== 'closed' || !dueOn || s.transcript?.filedDocumentId) continue;
    pending.set(s.caseId, [...(pending.get(s.caseId) ?? []), { dueOn }]);
  }
  const servedRows = services.flat();
  const result = new Map<string, CaseDeadline[]>();
  for (const row of rows) {
    const documentId = decisions.find((d) => d.caseId === row._id)?.documentId;
    const served = documentId ? servedOnFrom(servedRows.filter((s) => s.caseId === row._id && s.documentId === documentId)) : {};
    result.set(row._id, caseDeadlines(factsOf(row, pending.get(row._id) ?? [], served, now), now));
  }
  return result;
}
